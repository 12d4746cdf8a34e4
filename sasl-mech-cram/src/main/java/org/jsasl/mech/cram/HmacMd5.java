package org.jsasl.mech.cram;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-MD5 (RFC 2104) computed over {@link MessageDigest} rather than {@code javax.crypto.Mac}: every
 * buffer derived from the key is ours to wipe (a {@code SecretKeySpec} keeps a copy no one can clear),
 * and an empty key, which {@code SecretKeySpec} refuses, is handled as the RFC says: zero-padded to
 * the block size like any short key.
 */
final class HmacMd5 {

    /** MD5's block size, to which the key is padded. */
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private HmacMd5() {
    }

    /** HMAC-MD5 of {@code message} under {@code key}: 16 bytes. The key is read, not kept or changed. */
    static byte[] mac(byte[] key, byte[] message) {
        MessageDigest md5 = md5();
        byte[] pad = new byte[BLOCK];
        byte[] inner = null;
        try {
            if (key.length > BLOCK) {
                // RFC 2104: a key longer than the block is replaced by its hash.
                byte[] hashed = md5.digest(key);
                System.arraycopy(hashed, 0, pad, 0, hashed.length);
                Arrays.fill(hashed, (byte) 0);
            } else {
                System.arraycopy(key, 0, pad, 0, key.length);
            }
            for (int i = 0; i < BLOCK; i++) {
                pad[i] ^= IPAD;
            }
            md5.update(pad);
            md5.update(message);
            inner = md5.digest();
            for (int i = 0; i < BLOCK; i++) {
                // Turns key XOR ipad into key XOR opad without keeping the key around.
                pad[i] ^= IPAD ^ OPAD;
            }
            md5.update(pad);
            md5.update(inner);
            return md5.digest();
        } finally {
            Arrays.fill(pad, (byte) 0);
            if (inner != null) {
                Arrays.fill(inner, (byte) 0);
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide MD5.
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
