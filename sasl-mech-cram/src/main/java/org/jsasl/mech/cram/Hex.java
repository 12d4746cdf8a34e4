package org.jsasl.mech.cram;

/** The base-16 form of CRAM-MD5's digest: lower case out (RFC 2195), either case in. */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Appends {@code bytes} as lower-case hex digits to {@code out} at {@code off}, as ASCII bytes. */
    static void encode(byte[] bytes, byte[] out, int off) {
        for (int i = 0; i < bytes.length; i++) {
            out[off + 2 * i] = (byte) DIGITS[(bytes[i] >> 4) & 0xf];
            out[off + 2 * i + 1] = (byte) DIGITS[bytes[i] & 0xf];
        }
    }

    /**
     * Decodes {@code 2 * n} hex digits of {@code in} from {@code off} into {@code n} bytes, or returns
     * null when any of them is not a hex digit.
     */
    static byte[] decode(byte[] in, int off, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int hi = digit(in[off + 2 * i]);
            int lo = digit(in[off + 2 * i + 1]);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int digit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
