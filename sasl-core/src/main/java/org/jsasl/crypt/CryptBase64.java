package org.jsasl.crypt;

/**
 * The hash text of MD5-crypt and SHA-crypt: digest bytes taken three at a time in a format-specific
 * order and written as four characters of {@code ./0-9A-Za-z}, least significant six bits first
 * (Drepper's {@code b64_from_24bit}).
 */
final class CryptBase64 {

    private static final char[] ALPHABET =
            "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** In an order table, stands for a zero byte where the last group runs short of digest bytes. */
    static final int ZERO = -1;

    private CryptBase64() {
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
                out.append(ALPHABET[w & 0x3f]);
                w >>>= 6;
            }
        }
    }

    private static int at(byte[] digest, int index) {
        return index == ZERO ? 0 : digest[index] & 0xff;
    }
}
