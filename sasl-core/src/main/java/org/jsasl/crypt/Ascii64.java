package org.jsasl.crypt;

/**
 * crypt(3)'s base-64 alphabet {@code ./0-9A-Za-z}, used for salts, counts and hash text by the DES
 * family (and most other crypt formats).
 */
final class Ascii64 {

    static final String ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Ascii64() {
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
        return ALPHABET.charAt(value & 0x3f);
    }
}
