package org.jsasl.crypt;

import java.util.Arrays;

/**
 * The MD4 message digest (RFC 1320), one-shot, for the NT hash. The JDK does not offer MD4, and its
 * padded working copy of the message is wiped because here the message is a password.
 */
final class Md4 {

    private Md4() {
    }

    /** The 16-byte MD4 digest of {@code message}. */
    static byte[] digest(byte[] message) {
        // Pad with 0x80, zeros up to 56 mod 64, then the bit length as 64-bit little-endian.
        int paddedLength = (message.length + 8) / 64 * 64 + 64;
        byte[] padded = Arrays.copyOf(message, paddedLength);
        padded[message.length] = (byte) 0x80;
        long bits = (long) message.length * 8;
        for (int i = 0; i < 8; i++) {
            padded[paddedLength - 8 + i] = (byte) (bits >>> (8 * i));
        }
        int[] state = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
        int[] x = new int[16];
        try {
            for (int block = 0; block < paddedLength; block += 64) {
                for (int i = 0; i < 16; i++) {
                    int at = block + 4 * i;
                    x[i] = (padded[at] & 0xff) | (padded[at + 1] & 0xff) << 8
                            | (padded[at + 2] & 0xff) << 16 | (padded[at + 3] & 0xff) << 24;
                }
                compress(state, x);
            }
        } finally {
            Arrays.fill(padded, (byte) 0);
            Arrays.fill(x, 0);
        }
        byte[] digest = new byte[16];
        for (int i = 0; i < 16; i++) {
            digest[i] = (byte) (state[i / 4] >>> (8 * (i % 4)));
        }
        return digest;
    }

    private static final int ROUND2 = 0x5a827999;
    private static final int ROUND3 = 0x6ed9eba1;
    private static final int[] ROUND3_ORDER = {0, 2, 1, 3};

    private static void compress(int[] state, int[] x) {
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];

        // Round 1: F = (b & c) | (~b & d), words in order, shifts 3 7 11 19.
        for (int i = 0; i < 16; i += 4) {
            a = Integer.rotateLeft(a + ((b & c) | (~b & d)) + x[i], 3);
            d = Integer.rotateLeft(d + ((a & b) | (~a & c)) + x[i + 1], 7);
            c = Integer.rotateLeft(c + ((d & a) | (~d & b)) + x[i + 2], 11);
            b = Integer.rotateLeft(b + ((c & d) | (~c & a)) + x[i + 3], 19);
        }
        // Round 2: G = majority, words by column (0 4 8 12, 1 5 9 13, ...), shifts 3 5 9 13.
        for (int i = 0; i < 4; i++) {
            a = Integer.rotateLeft(a + ((b & c) | (b & d) | (c & d)) + x[i] + ROUND2, 3);
            d = Integer.rotateLeft(d + ((a & b) | (a & c) | (b & c)) + x[i + 4] + ROUND2, 5);
            c = Integer.rotateLeft(c + ((d & a) | (d & b) | (a & b)) + x[i + 8] + ROUND2, 9);
            b = Integer.rotateLeft(b + ((c & d) | (c & a) | (d & a)) + x[i + 12] + ROUND2, 13);
        }
        // Round 3: H = xor, words 0 8 4 12, 2 10 6 14, 1 9 5 13, 3 11 7 15, shifts 3 9 11 15.
        for (int i : ROUND3_ORDER) {
            a = Integer.rotateLeft(a + (b ^ c ^ d) + x[i] + ROUND3, 3);
            d = Integer.rotateLeft(d + (a ^ b ^ c) + x[i + 8] + ROUND3, 9);
            c = Integer.rotateLeft(c + (d ^ a ^ b) + x[i + 4] + ROUND3, 11);
            b = Integer.rotateLeft(b + (c ^ d ^ a) + x[i + 12] + ROUND3, 15);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }
}
