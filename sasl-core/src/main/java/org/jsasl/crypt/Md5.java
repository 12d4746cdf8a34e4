package org.jsasl.crypt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * MD5 (RFC 1321) on message words rather than bytes, for callers that hash the same layout over
 * and over: a message is padded and turned into little-endian words once, and the caller may then
 * change words and compress again. MD5-crypt uses it instead of {@link java.security.MessageDigest},
 * whose fixed cost per digest is close to the cost of the single block each of its rounds needs.
 */
final class Md5 {

    static final int BLOCK_WORDS = 16;
    static final int DIGEST_BYTES = 16;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The sine table of RFC 1321 §3.4. Read from an array on purpose: as literal constants, C2
     * moves the additions of T past the auxiliary function, onto the step's critical path, which
     * costs about a quarter of the speed.
     */
    private static final int[] T = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    };

    private Md5() {
    }

    /**
     * The padded message as little-endian words, a whole number of blocks: the {@code length}
     * bytes, 0x80, zeros, and the bit length in the last two words.
     */
    static int[] paddedWords(byte[] message, int length) {
        int blocks = (length + 1 + 8 + 63) / 64;
        byte[] bytes = Arrays.copyOf(message, blocks * 64);
        Arrays.fill(bytes, length, bytes.length, (byte) 0);
        bytes[length] = (byte) 0x80;
        int[] words = new int[blocks * BLOCK_WORDS];
        for (int i = 0; i < words.length; i++) {
            words[i] = (int) LE_INT.get(bytes, 4 * i);
        }
        Arrays.fill(bytes, (byte) 0);
        words[words.length - 2] = length << 3;
        words[words.length - 1] = length >>> 29;
        return words;
    }

    /** Sets {@code state} to the digest of padded message words (every block of {@code words}). */
    static void digestWords(int[] state, int[] words) {
        state[0] = 0x67452301;
        state[1] = 0xefcdab89;
        state[2] = 0x98badcfe;
        state[3] = 0x10325476;
        for (int off = 0; off < words.length; off += BLOCK_WORDS) {
            compress(state, words, off);
        }
    }

    /** The digest of the first {@code length} bytes of {@code message} (for set-up steps, not hot loops). */
    static byte[] digest(byte[] message, int length) {
        int[] words = paddedWords(message, length);
        int[] state = new int[4];
        digestWords(state, words);
        byte[] out = new byte[DIGEST_BYTES];
        store(state, out);
        Arrays.fill(words, 0);
        Arrays.fill(state, 0);
        return out;
    }

    /** Reads 16 digest bytes back into the state words {@link #store} wrote them from. */
    static void load(byte[] digest, int[] state) {
        for (int i = 0; i < 4; i++) {
            state[i] = (int) LE_INT.get(digest, 4 * i);
        }
    }

    /** Writes {@code state} as the 16 digest bytes: each word little-endian. */
    static void store(int[] state, byte[] out) {
        for (int i = 0; i < 4; i++) {
            LE_INT.set(out, 4 * i, state[i]);
        }
    }

    /** Folds the block of {@code words} at {@code offset} into {@code state}. Unrolled: this is the hot path. */
    static void compress(int[] state, int[] words, int offset) {
        int x0 = words[offset];
        int x1 = words[offset + 1];
        int x2 = words[offset + 2];
        int x3 = words[offset + 3];
        int x4 = words[offset + 4];
        int x5 = words[offset + 5];
        int x6 = words[offset + 6];
        int x7 = words[offset + 7];
        int x8 = words[offset + 8];
        int x9 = words[offset + 9];
        int x10 = words[offset + 10];
        int x11 = words[offset + 11];
        int x12 = words[offset + 12];
        int x13 = words[offset + 13];
        int x14 = words[offset + 14];
        int x15 = words[offset + 15];
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];

        // Round 1
        a = f(a, b, c, d, x0, 7, T[0]);
        d = f(d, a, b, c, x1, 12, T[1]);
        c = f(c, d, a, b, x2, 17, T[2]);
        b = f(b, c, d, a, x3, 22, T[3]);
        a = f(a, b, c, d, x4, 7, T[4]);
        d = f(d, a, b, c, x5, 12, T[5]);
        c = f(c, d, a, b, x6, 17, T[6]);
        b = f(b, c, d, a, x7, 22, T[7]);
        a = f(a, b, c, d, x8, 7, T[8]);
        d = f(d, a, b, c, x9, 12, T[9]);
        c = f(c, d, a, b, x10, 17, T[10]);
        b = f(b, c, d, a, x11, 22, T[11]);
        a = f(a, b, c, d, x12, 7, T[12]);
        d = f(d, a, b, c, x13, 12, T[13]);
        c = f(c, d, a, b, x14, 17, T[14]);
        b = f(b, c, d, a, x15, 22, T[15]);
        // Round 2
        a = g(a, b, c, d, x1, 5, T[16]);
        d = g(d, a, b, c, x6, 9, T[17]);
        c = g(c, d, a, b, x11, 14, T[18]);
        b = g(b, c, d, a, x0, 20, T[19]);
        a = g(a, b, c, d, x5, 5, T[20]);
        d = g(d, a, b, c, x10, 9, T[21]);
        c = g(c, d, a, b, x15, 14, T[22]);
        b = g(b, c, d, a, x4, 20, T[23]);
        a = g(a, b, c, d, x9, 5, T[24]);
        d = g(d, a, b, c, x14, 9, T[25]);
        c = g(c, d, a, b, x3, 14, T[26]);
        b = g(b, c, d, a, x8, 20, T[27]);
        a = g(a, b, c, d, x13, 5, T[28]);
        d = g(d, a, b, c, x2, 9, T[29]);
        c = g(c, d, a, b, x7, 14, T[30]);
        b = g(b, c, d, a, x12, 20, T[31]);
        // Round 3
        a = h(a, b, c, d, x5, 4, T[32]);
        d = h(d, a, b, c, x8, 11, T[33]);
        c = h(c, d, a, b, x11, 16, T[34]);
        b = h(b, c, d, a, x14, 23, T[35]);
        a = h(a, b, c, d, x1, 4, T[36]);
        d = h(d, a, b, c, x4, 11, T[37]);
        c = h(c, d, a, b, x7, 16, T[38]);
        b = h(b, c, d, a, x10, 23, T[39]);
        a = h(a, b, c, d, x13, 4, T[40]);
        d = h(d, a, b, c, x0, 11, T[41]);
        c = h(c, d, a, b, x3, 16, T[42]);
        b = h(b, c, d, a, x6, 23, T[43]);
        a = h(a, b, c, d, x9, 4, T[44]);
        d = h(d, a, b, c, x12, 11, T[45]);
        c = h(c, d, a, b, x15, 16, T[46]);
        b = h(b, c, d, a, x2, 23, T[47]);
        // Round 4
        a = i(a, b, c, d, x0, 6, T[48]);
        d = i(d, a, b, c, x7, 10, T[49]);
        c = i(c, d, a, b, x14, 15, T[50]);
        b = i(b, c, d, a, x5, 21, T[51]);
        a = i(a, b, c, d, x12, 6, T[52]);
        d = i(d, a, b, c, x3, 10, T[53]);
        c = i(c, d, a, b, x10, 15, T[54]);
        b = i(b, c, d, a, x1, 21, T[55]);
        a = i(a, b, c, d, x8, 6, T[56]);
        d = i(d, a, b, c, x15, 10, T[57]);
        c = i(c, d, a, b, x6, 15, T[58]);
        b = i(b, c, d, a, x13, 21, T[59]);
        a = i(a, b, c, d, x4, 6, T[60]);
        d = i(d, a, b, c, x11, 10, T[61]);
        c = i(c, d, a, b, x2, 15, T[62]);
        b = i(b, c, d, a, x9, 21, T[63]);

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    // The steps of RFC 1321 §3.4, each with its auxiliary function: x is the message word, t the
    // table entry. The sums are grouped so that only the last one waits for b, the value the
    // previous step just produced: MD5 is one long dependency chain, and its length is the speed.
    // Passing x + t pre-added measured about 20 % slower under C2 than adding both to a here.

    private static int f(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft((a + x + t) + (d ^ (b & (c ^ d))), s);
    }

    private static int g(int a, int b, int c, int d, int x, int s, int t) {
        // (b & d) | (c & ~d), whose two halves never share a bit, so | can be + and c & ~d added early.
        return b + Integer.rotateLeft(((a + x + t) + (c & ~d)) + (b & d), s);
    }

    private static int h(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft((a + x + t) + (b ^ (c ^ d)), s);
    }

    private static int i(int a, int b, int c, int d, int x, int s, int t) {
        return b + Integer.rotateLeft((a + x + t) + (c ^ (b | ~d)), s);
    }
}
