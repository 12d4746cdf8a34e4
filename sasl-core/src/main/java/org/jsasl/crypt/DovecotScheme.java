package org.jsasl.crypt;

import java.util.Locale;
import java.util.Optional;

/**
 * A stored password with a Dovecot-style {@code {SCHEME}} prefix, as mail databases hold them
 * ({@code {SHA512-CRYPT}$6$...}, {@code {SSHA}base64}, {@code {SHA256.HEX}hex}, {@code {PLAIN}text}).
 *
 * @param scheme the scheme name, upper case, without the encoding suffix
 * @param encoding how a digest payload is encoded
 * @param payload everything after the closing brace
 */
public record DovecotScheme(String scheme, Encoding encoding, String payload) {

    /** The encoding of a digest scheme's payload: given by a {@code .HEX}/{@code .B64} suffix, or guessed. */
    public enum Encoding {
        /** {@code .b64} or {@code .base64}. */
        BASE64,
        /** {@code .hex}. */
        HEX,
        /** No suffix: hex when the length is twice the digest size, else base64, as Dovecot guesses. */
        GUESS
    }

    /** Longest scheme name considered inside the braces. */
    private static final int MAX_SCHEME = 32;

    /** Parses a {@code {SCHEME}} prefix; empty when {@code stored} has none. */
    public static Optional<DovecotScheme> parse(String stored) {
        if (stored == null || !stored.startsWith("{")) {
            return Optional.empty();
        }
        int close = stored.indexOf('}');
        if (close < 2 || close > MAX_SCHEME + 1) {
            return Optional.empty();
        }
        String name = stored.substring(1, close).toUpperCase(Locale.ROOT);
        Encoding encoding = Encoding.GUESS;
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String suffix = name.substring(dot + 1);
            if (suffix.equals("HEX")) {
                encoding = Encoding.HEX;
            } else if (suffix.equals("B64") || suffix.equals("BASE64")) {
                encoding = Encoding.BASE64;
            } else {
                return Optional.of(new DovecotScheme(name, Encoding.GUESS, stored.substring(close + 1)));
            }
            name = name.substring(0, dot);
        }
        return Optional.of(new DovecotScheme(name, encoding, stored.substring(close + 1)));
    }

    @Override
    public String toString() {
        // The payload may be a cleartext password ({PLAIN}).
        return "DovecotScheme[" + scheme + ", " + encoding + "]";
    }
}
