package org.jsasl.crypt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * MD5 (RFC 1321) for callers that hash the same layout over and over: the block compression on an
 * {@code int[4]} state, and padding that a caller writes once into a reusable buffer. MD5-crypt uses
 * it instead of {@link java.security.MessageDigest}, whose fixed cost per digest is close to the
 * cost of the one block each of its 1000 rounds needs.
 */
final class Md5 {

    static final int BLOCK_BYTES = 64;
    static final int DIGEST_BYTES = 16;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Md5() {
    }

    /** The size of a buffer holding a {@code length}-byte message plus its padding: whole blocks. */
    static int paddedLength(int length) {
        return (length + 1 + 8 + BLOCK_BYTES - 1) / BLOCK_BYTES * BLOCK_BYTES;
    }

    /**
     * Writes the padding of a {@code length}-byte message that starts at index 0 of {@code buffer}
     * (which is {@link #paddedLength} long): 0x80, zeros, the bit length little-endian.
     */
    static void pad(byte[] buffer, int length) {
        int padded = paddedLength(length);
        buffer[length] = (byte) 0x80;
        for (int i = length + 1; i < padded - 8; i++) {
            buffer[i] = 0;
        }
        LE_LONG.set(buffer, padded - 8, (long) length << 3);
    }

    /**
     * Computes the digest of a message already padded by {@link #pad}, into {@code out} at
     * {@code outOffset}; {@code state} is scratch space the caller reuses across calls.
     */
    static void digestPadded(int[] state, byte[] padded, int paddedLength, byte[] out, int outOffset) {
        state[0] = 0x67452301;
        state[1] = 0xefcdab89;
        state[2] = 0x98badcfe;
        state[3] = 0x10325476;
        for (int off = 0; off < paddedLength; off += BLOCK_BYTES) {
            compress(state, padded, off);
        }
        store(state, out, outOffset);
    }

    /** The digest of {@code length} bytes of {@code message}, in one call (for set-up steps, not hot loops). */
    static byte[] digest(byte[] message, int length) {
        byte[] buffer = new byte[paddedLength(length)];
        System.arraycopy(message, 0, buffer, 0, length);
        pad(buffer, length);
        byte[] out = new byte[DIGEST_BYTES];
        digestPadded(new int[4], buffer, buffer.length, out, 0);
        Arrays.fill(buffer, (byte) 0);
        return out;
    }

    /** Writes the state as the 16 digest bytes (little-endian words). */
    static void store(int[] state, byte[] out, int offset) {
        LE_INT.set(out, offset, state[0]);
        LE_INT.set(out, offset + 4, state[1]);
        LE_INT.set(out, offset + 8, state[2]);
        LE_INT.set(out, offset + 12, state[3]);
    }

    /** Folds the 64-byte block at {@code offset} into {@code state}. Unrolled: this is the hot path. */
    static void compress(int[] state, byte[] block, int offset) {
        int x0 = (int) LE_INT.get(block, offset);
        int x1 = (int) LE_INT.get(block, offset + 4);
        int x2 = (int) LE_INT.get(block, offset + 8);
        int x3 = (int) LE_INT.get(block, offset + 12);
        int x4 = (int) LE_INT.get(block, offset + 16);
        int x5 = (int) LE_INT.get(block, offset + 20);
        int x6 = (int) LE_INT.get(block, offset + 24);
        int x7 = (int) LE_INT.get(block, offset + 28);
        int x8 = (int) LE_INT.get(block, offset + 32);
        int x9 = (int) LE_INT.get(block, offset + 36);
        int x10 = (int) LE_INT.get(block, offset + 40);
        int x11 = (int) LE_INT.get(block, offset + 44);
        int x12 = (int) LE_INT.get(block, offset + 48);
        int x13 = (int) LE_INT.get(block, offset + 52);
        int x14 = (int) LE_INT.get(block, offset + 56);
        int x15 = (int) LE_INT.get(block, offset + 60);
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];

        // Round 1
        a = f(a, b, c, d, x0, 7, 0xd76aa478);
        d = f(d, a, b, c, x1, 12, 0xe8c7b756);
        c = f(c, d, a, b, x2, 17, 0x242070db);
        b = f(b, c, d, a, x3, 22, 0xc1bdceee);
        a = f(a, b, c, d, x4, 7, 0xf57c0faf);
        d = f(d, a, b, c, x5, 12, 0x4787c62a);
        c = f(c, d, a, b, x6, 17, 0xa8304613);
        b = f(b, c, d, a, x7, 22, 0xfd469501);
        a = f(a, b, c, d, x8, 7, 0x698098d8);
        d = f(d, a, b, c, x9, 12, 0x8b44f7af);
        c = f(c, d, a, b, x10, 17, 0xffff5bb1);
        b = f(b, c, d, a, x11, 22, 0x895cd7be);
        a = f(a, b, c, d, x12, 7, 0x6b901122);
        d = f(d, a, b, c, x13, 12, 0xfd987193);
        c = f(c, d, a, b, x14, 17, 0xa679438e);
        b = f(b, c, d, a, x15, 22, 0x49b40821);
        // Round 2
        a = g(a, b, c, d, x1, 5, 0xf61e2562);
        d = g(d, a, b, c, x6, 9, 0xc040b340);
        c = g(c, d, a, b, x11, 14, 0x265e5a51);
        b = g(b, c, d, a, x0, 20, 0xe9b6c7aa);
        a = g(a, b, c, d, x5, 5, 0xd62f105d);
        d = g(d, a, b, c, x10, 9, 0x02441453);
        c = g(c, d, a, b, x15, 14, 0xd8a1e681);
        b = g(b, c, d, a, x4, 20, 0xe7d3fbc8);
        a = g(a, b, c, d, x9, 5, 0x21e1cde6);
        d = g(d, a, b, c, x14, 9, 0xc33707d6);
        c = g(c, d, a, b, x3, 14, 0xf4d50d87);
        b = g(b, c, d, a, x8, 20, 0x455a14ed);
        a = g(a, b, c, d, x13, 5, 0xa9e3e905);
        d = g(d, a, b, c, x2, 9, 0xfcefa3f8);
        c = g(c, d, a, b, x7, 14, 0x676f02d9);
        b = g(b, c, d, a, x12, 20, 0x8d2a4c8a);
        // Round 3
        a = h(a, b, c, d, x5, 4, 0xfffa3942);
        d = h(d, a, b, c, x8, 11, 0x8771f681);
        c = h(c, d, a, b, x11, 16, 0x6d9d6122);
        b = h(b, c, d, a, x14, 23, 0xfde5380c);
        a = h(a, b, c, d, x1, 4, 0xa4beea44);
        d = h(d, a, b, c, x4, 11, 0x4bdecfa9);
        c = h(c, d, a, b, x7, 16, 0xf6bb4b60);
        b = h(b, c, d, a, x10, 23, 0xbebfbc70);
        a = h(a, b, c, d, x13, 4, 0x289b7ec6);
        d = h(d, a, b, c, x0, 11, 0xeaa127fa);
        c = h(c, d, a, b, x3, 16, 0xd4ef3085);
        b = h(b, c, d, a, x6, 23, 0x04881d05);
        a = h(a, b, c, d, x9, 4, 0xd9d4d039);
        d = h(d, a, b, c, x12, 11, 0xe6db99e5);
        c = h(c, d, a, b, x15, 16, 0x1fa27cf8);
        b = h(b, c, d, a, x2, 23, 0xc4ac5665);
        // Round 4
        a = i(a, b, c, d, x0, 6, 0xf4292244);
        d = i(d, a, b, c, x7, 10, 0x432aff97);
        c = i(c, d, a, b, x14, 15, 0xab9423a7);
        b = i(b, c, d, a, x5, 21, 0xfc93a039);
        a = i(a, b, c, d, x12, 6, 0x655b59c3);
        d = i(d, a, b, c, x3, 10, 0x8f0ccc92);
        c = i(c, d, a, b, x10, 15, 0xffeff47d);
        b = i(b, c, d, a, x1, 21, 0x85845dd1);
        a = i(a, b, c, d, x8, 6, 0x6fa87e4f);
        d = i(d, a, b, c, x15, 10, 0xfe2ce6e0);
        c = i(c, d, a, b, x6, 15, 0xa3014314);
        b = i(b, c, d, a, x13, 21, 0x4e0811a1);
        a = i(a, b, c, d, x4, 6, 0xf7537e82);
        d = i(d, a, b, c, x11, 10, 0xbd3af235);
        c = i(c, d, a, b, x2, 15, 0x2ad7d2bb);
        b = i(b, c, d, a, x9, 21, 0xeb86d391);

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    // The four auxiliary functions of RFC 1321 §3.4, each folded into one step; F and G are written
    // in their equivalent one-fewer-operation forms.

    private static int f(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + (d ^ (b & (c ^ d))) + x + t, s);
    }

    private static int g(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + (c ^ (d & (b ^ c))) + x + t, s);
    }

    private static int h(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + (b ^ c ^ d) + x + t, s);
    }

    private static int i(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x + t, s);
    }
}
