package org.jsasl.secret;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Hi() of RFC 5802 (PBKDF2 with HMAC, one output block), with the HMAC's two padded key blocks
 * hashed once and their digest states copied for every iteration.
 *
 * <p>Why not {@code javax.crypto.Mac}: the JDK's HMAC hashes the inner and the outer padded key
 * again on every {@code doFinal}, four compressions per iteration where two do; at 4096 iterations
 * per login that is most of a cleartext SCRAM exchange. The states are copied with
 * {@link MessageDigest#clone()}, which keeps the JDK's intrinsic hash code; a provider whose digest
 * cannot be cloned gets the plain {@code Mac} loop.
 */
final class Pbkdf2 {

    private static final byte[] FIRST_BLOCK = {0, 0, 0, 1};

    private Pbkdf2() {
    }

    /** Hi(password, salt, iterations), or null when the digest cannot be cloned. */
    static byte[] hi(ScramHash hash, byte[] password, byte[] salt, int iterations) {
        int n = hash.length();
        MessageDigest inner;
        MessageDigest outer;
        try {
            inner = padded(hash, password, (byte) 0x36);
            outer = padded(hash, password, (byte) 0x5c);
        } catch (CloneNotSupportedException e) {
            return null;
        }
        byte[] u = new byte[n];
        byte[] result = new byte[n];
        try {
            MessageDigest d = (MessageDigest) inner.clone();
            d.update(salt);
            d.update(FIRST_BLOCK);
            d.digest(u, 0, n);
            d = (MessageDigest) outer.clone();
            d.update(u);
            d.digest(u, 0, n);
            System.arraycopy(u, 0, result, 0, n);
            for (int k = 1; k < iterations; k++) {
                d = (MessageDigest) inner.clone();
                d.update(u);
                d.digest(u, 0, n);
                d = (MessageDigest) outer.clone();
                d.update(u);
                d.digest(u, 0, n);
                for (int j = 0; j < n; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (CloneNotSupportedException e) {
            Arrays.fill(result, (byte) 0);
            return null;
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(u, (byte) 0);
            inner.reset();
            outer.reset();
        }
    }

    /** A digest that has absorbed the key, padded to one block and XORed with {@code pad}. */
    private static MessageDigest padded(ScramHash hash, byte[] password, byte pad)
            throws CloneNotSupportedException {
        MessageDigest md = hash.newDigest();
        int b = hash.blockSize();
        byte[] key = password.length > b ? md.digest(password) : password;
        byte[] block = new byte[b];
        try {
            for (int i = 0; i < b; i++) {
                block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
            }
            md.update(block);
            // Proves the clone works before the state is used; a Delegate around a
            // non-cloneable SPI throws here.
            return (MessageDigest) md.clone();
        } finally {
            Arrays.fill(block, (byte) 0);
            if (key != password) {
                Arrays.fill(key, (byte) 0);
            }
            md.reset();
        }
    }
}
