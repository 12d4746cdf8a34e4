package org.jsasl.crypt;

/**
 * crypt(3)'s base-64 alphabet {@code ./0-9A-Za-z}, used for salts, counts and hash text by the DES
 * family, MD5-crypt and SHA-crypt: single characters, and the hash text made from digest bytes
 * taken three at a time in a format-specific order, least significant six bits first (Drepper's
 * {@code b64_from_24bit}).
 */
final class CryptBase64 {

    static final String ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final char[] CHARS = ALPHABET.toCharArray();

    /** In an order table, stands for a zero byte where the last group runs short of digest bytes. */
    static final int ZERO = -1;

    private CryptBase64() {
    }

    /** The 6-bit value of {@code c}, or -1 when {@code c} is not in the alphabet. */
    static int decode(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 38;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 12;
        }
        if (c >= '.' && c <= '9') {
            return c - '.';
        }
        return -1;
    }

    /** The character for the low 6 bits of {@code value}. */
    static char encode(int value) {
        return CHARS[value & 0x3f];
    }

    /**
     * Appends the hash text of {@code digest}.
     *
     * @param order byte indexes, three per group, most significant first; {@link #ZERO} for padding
     * @param lastGroupChars how many characters the final group yields (every other group yields four)
     */
    static void append(StringBuilder out, byte[] digest, int[] order, int lastGroupChars) {
        int groups = order.length / 3;
        for (int g = 0; g < groups; g++) {
            int w = at(digest, order[3 * g]) << 16 | at(digest, order[3 * g + 1]) << 8 | at(digest, order[3 * g + 2]);
            int chars = g == groups - 1 ? lastGroupChars : 4;
            for (int c = 0; c < chars; c++) {
                out.append(CHARS[w & 0x3f]);
                w >>>= 6;
            }
        }
    }

    private static int at(byte[] digest, int index) {
        return index == ZERO ? 0 : digest[index] & 0xff;
    }
}
