package org.jsasl.mech.scram;

import java.util.Base64;

/**
 * The pieces of SCRAM's message syntax (RFC 5802 section 7) that every message shares: comma-separated
 * {@code x=value} attributes, base64 values, nonces and the iteration count. Every failure is a
 * {@link ScramFormatException} naming the attribute, never quoting a value.
 */
final class ScramAttributes {

    /** Longest nonce part accepted from either side (jsasl sends 32 characters). */
    static final int MAX_NONCE = 255;

    private ScramAttributes() {
    }

    /** The value of {@code field} when it is {@code name=value}, else a format error. */
    static String value(String mechanism, String field, char name) throws ScramFormatException {
        if (field.length() < 2 || field.charAt(0) != name || field.charAt(1) != '=') {
            throw invalid(mechanism, "expected the '" + name + "=' attribute");
        }
        return field.substring(2);
    }

    /** Checks that an optional extension is {@code ALPHA=value} with a non-empty value. */
    static void extension(String mechanism, String field) throws ScramFormatException {
        if (field.length() < 3 || !isAlpha(field.charAt(0)) || field.charAt(1) != '=') {
            throw invalid(mechanism, "malformed attribute");
        }
    }

    /** Whether a message starts with the mandatory-extension attribute {@code m=}, which jsasl does not support. */
    static boolean isMandatoryExtension(String field) {
        return field.startsWith("m=");
    }

    /** Decodes a base64 attribute. */
    static byte[] base64(String mechanism, String value, char name) throws ScramFormatException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid(mechanism, "the '" + name + "=' attribute is not base64");
        }
    }

    /** Whether a nonce is {@code 1..max} printable ASCII characters other than ','. */
    static boolean isNonce(String nonce, int max) {
        if (nonce.isEmpty() || nonce.length() > max) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** A positive decimal number without sign or leading zero; -1 otherwise or when it overflows. */
    static int positiveNumber(String value) {
        if (value.isEmpty() || value.length() > 10 || value.charAt(0) == '0') {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static ScramFormatException invalid(String mechanism, String why) {
        return new ScramFormatException(ScramError.INVALID_ENCODING, mechanism + ": malformed message: " + why);
    }
}
