package org.jsasl.crypt;

/**
 * A fixed bit selection as the DES standard writes them (output bit i comes from input bit
 * {@code table[i]}, both counted from 1 at the most significant end), applied by one table lookup
 * per input byte instead of one step per bit.
 */
final class BitPermutation {

    private final int inputBits;
    private final long[][] byByte;

    /**
     * @param table for each output bit, the 1-based input bit it copies, or 0 for a bit that stays 0
     * @param inputBits the input width, a multiple of 8 and at most 64
     */
    BitPermutation(int[] table, int inputBits) {
        if (inputBits % 8 != 0 || inputBits > 64 || table.length > 64) {
            throw new IllegalArgumentException("unsupported permutation size");
        }
        this.inputBits = inputBits;
        this.byByte = new long[inputBits / 8][256];
        int outputBits = table.length;
        for (int out = 0; out < outputBits; out++) {
            if (table[out] == 0) {
                continue;
            }
            int source = table[out] - 1;
            int chunk = source / 8;
            int bitInChunk = 7 - source % 8;
            long outBit = 1L << (outputBits - 1 - out);
            for (int value = 0; value < 256; value++) {
                if ((value >>> bitInChunk & 1) != 0) {
                    byByte[chunk][value] |= outBit;
                }
            }
        }
    }

    /** Applies the permutation to the low {@code inputBits} bits of {@code input}. */
    long apply(long input) {
        long out = 0;
        for (int chunk = 0; chunk < byByte.length; chunk++) {
            int shift = inputBits - 8 * (chunk + 1);
            out |= byByte[chunk][(int) (input >>> shift) & 0xff];
        }
        return out;
    }
}
