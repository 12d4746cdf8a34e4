package org.jsasl.crypt;

/**
 * bcrypt's own base64: the alphabet {@code ./A-Za-z0-9}, most significant bits first, no padding;
 * a partial last group carries only the bits of its bytes.
 */
final class BcryptBase64 {

    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private BcryptBase64() {
    }

    /** How many characters encode {@code bytes} bytes. */
    static int encodedLength(int bytes) {
        return (bytes * 8 + 5) / 6;
    }

    /**
     * Decodes {@code out.length} bytes from the characters of {@code text} starting at {@code offset};
     * the bits of the last character beyond the last byte are ignored.
     *
     * @return false if a character is outside the alphabet or the text is too short
     */
    static boolean decode(CharSequence text, int offset, byte[] out) {
        int chars = encodedLength(out.length);
        if (text.length() - offset < chars) {
            return false;
        }
        int acc = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < chars; i++) {
            char ch = text.charAt(offset + i);
            int v = ch < VALUES.length ? VALUES[ch] : -1;
            if (v < 0) {
                return false;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (n < out.length) {
                    out[n++] = (byte) (acc >>> bits);
                }
            }
        }
        return true;
    }

    /** Appends the encoding of {@code bytes[0..length)}. */
    static void encode(byte[] bytes, int length, StringBuilder out) {
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            acc = (acc << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                out.append(ALPHABET.charAt((acc >>> bits) & 0x3f));
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((acc << (6 - bits)) & 0x3f));
        }
    }
}
