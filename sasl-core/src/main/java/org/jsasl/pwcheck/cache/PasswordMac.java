package org.jsasl.pwcheck.cache;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jsasl.pwcheck.Password;

/**
 * HMAC-SHA256 of passwords under a random 32-byte key made when this object is and kept only in
 * memory, so that the cache can tell one password from another without holding the password or a
 * plain hash of it (a stolen heap dump gives neither a password nor a hash to crack offline without
 * the key, and the key dies with the process). Thread-safe.
 */
final class PasswordMac {

    /** HMAC-SHA256's output length. */
    static final int LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    /** Idle Mac objects kept for reuse: a Mac is not thread-safe, and making one costs more than using it. */
    private static final int POOLED = 64;

    private final SecretKeySpec key;
    private final ConcurrentLinkedQueue<Mac> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    PasswordMac() {
        this(new SecureRandom());
    }

    PasswordMac(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        key = new SecretKeySpec(k, ALGORITHM);
        // SecretKeySpec copied it.
        Arrays.fill(k, (byte) 0);
    }

    /** The MAC of the password's bytes; the password is read in place, never copied. */
    byte[] mac(Password password) {
        Mac mac = idle.poll();
        if (mac == null) {
            mac = newMac();
        } else {
            idleCount.decrementAndGet();
        }
        try {
            return mac.doFinal(password.bytes());
        } finally {
            // doFinal resets the Mac, so nothing of the password stays in it.
            if (idleCount.incrementAndGet() <= POOLED) {
                idle.offer(mac);
            } else {
                idleCount.decrementAndGet();
            }
        }
    }

    /** Drops the pooled Mac objects (they hold the key). */
    void clear() {
        idle.clear();
        idleCount.set(0);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must have HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "PasswordMac[HmacSHA256, key redacted]";
    }
}
