package org.jsasl.mech;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for mechanism messages: malformed input, overlong forms, surrogates and values
 * above U+10FFFF are errors, never replaced. Validation allocates nothing, which matters on the
 * per-login path.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Decodes {@code len} bytes at {@code off}, or returns null when they are not valid UTF-8. */
    public static String decode(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        return isValid(b, off, len) ? new String(b, off, len, StandardCharsets.UTF_8) : null;
    }

    /** Whether {@code len} bytes at {@code off} are valid UTF-8 (RFC 3629). */
    public static boolean isValid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            int cp;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min = 0x80;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min = 0x800;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min = 0x10000;
                cp = c & 0x07;
            } else {
                return false;
            }
            if (i + need >= end) {
                return false;
            }
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** The position of the first {@code value} byte at or after {@code from}, or -1. */
    public static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
