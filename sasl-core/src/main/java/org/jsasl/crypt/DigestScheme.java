package org.jsasl.crypt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Dovecot's plain and salted digest schemes: {@code {SHA}}, {@code {SHA256}}, {@code {SHA512}}
 * (the digest of the password) and {@code {SSHA}}, {@code {SSHA256}}, {@code {SSHA512}} (the digest
 * of password and salt, followed by the salt), in base64 or hex.
 */
final class DigestScheme {

    private record Spec(String algorithm, int length, boolean salted) {
    }

    private static final Map<String, Spec> SPECS = Map.of(
            "SHA", new Spec("SHA-1", 20, false), "SHA1", new Spec("SHA-1", 20, false),
            "SSHA", new Spec("SHA-1", 20, true),
            "SHA256", new Spec("SHA-256", 32, false), "SSHA256", new Spec("SHA-256", 32, true),
            "SHA512", new Spec("SHA-512", 64, false), "SSHA512", new Spec("SHA-512", 64, true));

    private DigestScheme() {
    }

    /** Whether {@code scheme} (upper case) is one of these. */
    static boolean knows(String scheme) {
        return SPECS.containsKey(scheme);
    }

    static CryptCheck verify(byte[] password, DovecotScheme stored) {
        Spec spec = SPECS.get(stored.scheme());
        byte[] raw = decode(stored, spec);
        if (raw == null) {
            return new CryptCheck.Unsupported("{" + stored.scheme() + "}: payload is not valid "
                    + (stored.encoding() == DovecotScheme.Encoding.HEX ? "hex" : "base64"));
        }
        if (spec.salted() ? raw.length <= spec.length() : raw.length != spec.length()) {
            return new CryptCheck.Unsupported("{" + stored.scheme() + "}: payload has the wrong length");
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(spec.algorithm());
        } catch (NoSuchAlgorithmException e) {
            return new CryptCheck.Unsupported(spec.algorithm() + " is not available");
        }
        md.update(password);
        if (spec.salted()) {
            md.update(raw, spec.length(), raw.length - spec.length());
        }
        byte[] computed = md.digest();
        boolean same = MessageDigest.isEqual(computed, Arrays.copyOf(raw, spec.length()));
        return same ? CryptCheck.MATCH : CryptCheck.MISMATCH;
    }

    private static byte[] decode(DovecotScheme stored, Spec spec) {
        String p = stored.payload().trim();
        DovecotScheme.Encoding enc = stored.encoding();
        if (enc == DovecotScheme.Encoding.GUESS) {
            enc = !spec.salted() && p.length() == 2 * spec.length() && isHex(p)
                    ? DovecotScheme.Encoding.HEX : DovecotScheme.Encoding.BASE64;
        }
        try {
            return enc == DovecotScheme.Encoding.HEX ? HexFormat.of().parseHex(p) : Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
