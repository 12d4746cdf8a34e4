package org.jsasl.secret;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;

/**
 * The hash functions SCRAM is defined with (RFC 5802 SHA-1, RFC 7677 SHA-256,
 * draft-melnikov-scram-sha-512 SHA-512): the mechanism name, the JCA names and the key length.
 */
public enum ScramHash {
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", 20, 64),
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", 32, 64),
    SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", 64, 128);

    private final String mechanism;
    private final String digest;
    private final String hmac;
    private final int length;
    private final int blockSize;

    ScramHash(String mechanism, String digest, String hmac, int length, int blockSize) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.hmac = hmac;
        this.length = length;
        this.blockSize = blockSize;
    }

    /** The mechanism name without {@code -PLUS}, as in {@code SCRAM-SHA-256}. */
    public String mechanism() {
        return mechanism;
    }

    /** The JCA MessageDigest name. */
    public String digestAlgorithm() {
        return digest;
    }

    /** The JCA Mac name. */
    public String hmacAlgorithm() {
        return hmac;
    }

    /** The output length in bytes of the hash, and so of every SCRAM key. */
    public int length() {
        return length;
    }

    /** The hash's input block size in bytes, to which HMAC pads its key (RFC 2104). */
    public int blockSize() {
        return blockSize;
    }

    /** A new MessageDigest; the JDK always has these three. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " missing from the JDK", e);
        }
    }

    /** A new, uninitialised Mac. */
    public Mac newMac() {
        try {
            return Mac.getInstance(hmac);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hmac + " missing from the JDK", e);
        }
    }

    /** The hash of a mechanism name such as {@code SCRAM-SHA-256} or {@code scram-sha-256-plus}. */
    public static Optional<ScramHash> ofMechanism(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.endsWith("-PLUS")) {
            n = n.substring(0, n.length() - "-PLUS".length());
        }
        for (ScramHash h : values()) {
            if (h.mechanism.equals(n)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
