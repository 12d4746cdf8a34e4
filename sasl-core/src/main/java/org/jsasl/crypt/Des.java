package org.jsasl.crypt;

import java.util.Arrays;

/**
 * The DES block cipher (FIPS 46-3) with the two changes crypt(3) makes: a salt that swaps pairs of
 * expansion bits, and encryption repeated a number of times. It serves traditional DES, bigcrypt
 * and BSDi extended DES, and also plain DES (salt 0, once) for BSDi's key folding.
 */
final class Des {

    /**
     * A key schedule: per round, the subkey's eight 6-bit groups packed one per byte into two words
     * laid out like the expansion words in {@link #encrypt}. Clear it with {@link #clear} after use.
     */
    static final int SCHEDULE_LENGTH = 16 * 2;

    private static final int[] IP = {
        58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
        62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
        57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
        61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
    };

    private static final int[] PC1 = {
        57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
        10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
        63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
        14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
    };

    private static final int[] PC2 = {
        14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
        23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
        41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
        44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
    };

    private static final int[] SHIFTS = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};

    private static final int[] P = {
        16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
        2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
    };

    private static final int[][] S = {
        {14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
         0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
         4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
         15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13},
        {15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
         3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
         0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
         13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9},
        {10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
         13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
         13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
         1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12},
        {7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
         13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
         10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
         3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14},
        {2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
         14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
         4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
         11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3},
        {12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
         10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
         9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
         4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13},
        {4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
         13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
         1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
         6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12},
        {13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
         1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
         7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
         2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11},
    };

    /*
     * The expansion's group j is bits 4j..4j+5 of the right half, counted from 1 at the top and
     * cyclically (bit 0 is bit 32). The even groups then sit 8 bits apart, and so do the odd ones,
     * so one rotation extracts four groups at once, one per byte (in its low six bits):
     *   even word = rotateRight(r, 3): bytes g0 g2 g4 g6 (high to low);
     *   odd word  = rotateRight(r, 7): bytes g7 g1 g3 g5.
     * The salt pairs group j with group j+4; in both words the partners are 16 bits apart.
     * The subkeys are packed the same way, so that one XOR per word applies them.
     */
    private static final int[] GROUP_IN_BYTE = {0, 2, 4, 6, 7, 1, 3, 5};

    private static final BitPermutation INITIAL = new BitPermutation(IP, 64);
    private static final BitPermutation FINAL = new BitPermutation(inverse(IP), 64);
    private static final BitPermutation CHOICE1 = new BitPermutation(PC1, 64);
    /** PC2 straight into the two packed subkey words (even word in the high half). */
    private static final BitPermutation CHOICE2_PACKED = new BitPermutation(packedChoice2(), 56);

    /** S-box j followed by P, for every 6-bit input x at index 64 * j + x: one lookup per S-box in each round. */
    private static final int[] SP = new int[8 * 64];

    static {
        BitPermutation p = new BitPermutation(P, 32);
        for (int box = 0; box < 8; box++) {
            for (int in = 0; in < 64; in++) {
                // The outer bits pick the row, the inner four the column.
                int row = (in >>> 4 & 2) | (in & 1);
                int column = in >>> 1 & 0xf;
                long beforeP = (long) S[box][row * 16 + column] << (28 - 4 * box);
                SP[box * 64 + in] = (int) p.apply(beforeP);
            }
        }
    }

    private Des() {
    }

    /** The key schedule for an 8-byte key whose bytes already carry crypt(3)'s shift (low bit is parity, ignored). */
    static int[] schedule(long key) {
        int[] schedule = new int[SCHEDULE_LENGTH];
        long cd = CHOICE1.apply(key);
        int c = (int) (cd >>> 28) & 0x0fffffff;
        int d = (int) cd & 0x0fffffff;
        for (int round = 0; round < 16; round++) {
            int s = SHIFTS[round];
            c = (c << s | c >>> (28 - s)) & 0x0fffffff;
            d = (d << s | d >>> (28 - s)) & 0x0fffffff;
            long packed = CHOICE2_PACKED.apply((long) c << 28 | d);
            schedule[2 * round] = (int) (packed >>> 32);
            schedule[2 * round + 1] = (int) packed;
        }
        return schedule;
    }

    private static int[] packedChoice2() {
        int[] table = new int[64];
        for (int slot = 0; slot < 8; slot++) {
            for (int bit = 0; bit < 6; bit++) {
                table[8 * slot + 2 + bit] = PC2[6 * GROUP_IN_BYTE[slot] + bit];
            }
        }
        return table;
    }

    /** Wipes a schedule: it is derived from the password. */
    static void clear(int[] schedule) {
        Arrays.fill(schedule, 0);
    }

    /**
     * Encrypts {@code block} {@code count} times in a row.
     *
     * @param salt crypt(3)'s salt, up to 24 bits: bit k set swaps expansion bits k and k+24
     * @param count the number of encryptions; 0 counts as 1, as in libxcrypt
     */
    static long encrypt(int[] schedule, long block, int salt, int count) {
        // After u ^ (u >>> 16), byte 1 pairs g0 with g4 and byte 0 pairs g2 with g6; in the odd word
        // byte 1 pairs g7 with g3 and byte 0 pairs g1 with g5.
        int evenSwap = saltGroup(salt, 0) << 8 | saltGroup(salt, 2);
        int oddSwap = saltGroup(salt, 3) << 8 | saltGroup(salt, 1);
        long permuted = INITIAL.apply(block);
        int left = (int) (permuted >>> 32);
        int right = (int) permuted;
        int remaining = Math.max(count, 1);
        int[] sp = SP;
        while (remaining-- > 0) {
            for (int k = 0; k < SCHEDULE_LENGTH; k += 4) {
                left ^= feistel(right, schedule[k], schedule[k + 1], evenSwap, oddSwap, sp);
                right ^= feistel(left, schedule[k + 2], schedule[k + 3], evenSwap, oddSwap, sp);
            }
            // The last round does not swap; the next encryption's IP would undo the FP in between.
            int t = left;
            left = right;
            right = t;
        }
        return FINAL.apply((long) left << 32 | (right & 0xffffffffL));
    }

    /**
     * The round function. Bits 6 and 7 of each byte of the two words are left over from the
     * rotation; the salt and key only touch the low six, and each lookup masks them away.
     */
    private static int feistel(int right, int evenKey, int oddKey, int evenSwap, int oddSwap, int[] sp) {
        int even = Integer.rotateRight(right, 3);
        int odd = Integer.rotateRight(right, 7);
        int swap = (even ^ even >>> 16) & evenSwap;
        even ^= swap ^ swap << 16 ^ evenKey;
        swap = (odd ^ odd >>> 16) & oddSwap;
        odd ^= swap ^ swap << 16 ^ oddKey;
        return sp[even >>> 24 & 0x3f]
                | sp[0x080 | even >>> 16 & 0x3f]
                | sp[0x100 | even >>> 8 & 0x3f]
                | sp[0x180 | even & 0x3f]
                | sp[0x1c0 | odd >>> 24 & 0x3f]
                | sp[0x040 | odd >>> 16 & 0x3f]
                | sp[0x0c0 | odd >>> 8 & 0x3f]
                | sp[0x140 | odd & 0x3f];
    }

    /** The 6-bit mask for expansion group {@code group}: its first bit is salt bit 6*group. */
    private static int saltGroup(int salt, int group) {
        int mask = 0;
        for (int bit = 0; bit < 6; bit++) {
            if ((salt >>> (6 * group + bit) & 1) != 0) {
                mask |= 0x20 >>> bit;
            }
        }
        return mask;
    }

    /** The 11 characters crypt(3) writes for a 64-bit DES result: 6 bits each, the last padded with two zero bits. */
    static void appendHash(StringBuilder out, long block) {
        for (int i = 0; i < 10; i++) {
            out.append(CryptBase64.encode((int) (block >>> (58 - 6 * i))));
        }
        out.append(CryptBase64.encode((int) (block << 2)));
    }

    private static int[] inverse(int[] permutation) {
        int[] inverse = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[permutation[i] - 1] = i + 1;
        }
        return inverse;
    }
}
