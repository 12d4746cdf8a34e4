package org.jsasl.authd.dovecot;

import java.util.Base64;

/**
 * The base64 Dovecot 2.3 accepts from clients: the standard alphabet with its padding, nothing after
 * the padding; a lone {@code =} is an empty response (RFC 4954). The JDK decoder alone would also
 * accept missing padding, which Dovecot refuses.
 */
final class StrictBase64 {

    private static final byte[] EMPTY = new byte[0];

    private StrictBase64() {
    }

    /** The decoded bytes, or null when {@code text} is not valid base64. */
    static byte[] decode(String text) {
        if (text.isEmpty() || text.equals("=")) {
            return EMPTY;
        }
        if (text.length() % 4 != 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            // '=' only as the last one or two characters.
            boolean pad = c == '=' && i >= text.length() - 2 && (i == text.length() - 1 || text.charAt(i + 1) == '=');
            if (!alphabet && !pad) {
                return null;
            }
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Standard base64 with padding. */
    static String encode(byte[] data) {
        return data == null || data.length == 0 ? "" : Base64.getEncoder().encodeToString(data);
    }
}
