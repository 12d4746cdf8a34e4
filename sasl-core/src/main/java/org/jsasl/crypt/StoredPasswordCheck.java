package org.jsasl.crypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.jsasl.secret.SaslPrep;
import org.jsasl.secret.SaslPrepException;
import org.jsasl.secret.ScramSecret;

/**
 * Checks a password against a stored value as mail databases hold them: a bare crypt(3) hash, or a
 * Dovecot {@code {SCHEME}}-prefixed one ({@code {CRYPT}}, {@code {MD5-CRYPT}},
 * {@code {SHA256-CRYPT}}, {@code {SHA512-CRYPT}}, {@code {BLF-CRYPT}}, {@code {DES-CRYPT}},
 * {@code {PLAIN}}/{@code {CLEARTEXT}}/{@code {CLEAR}}, {@code {SHA}}, {@code {SSHA}},
 * {@code {SHA256}}, {@code {SSHA256}}, {@code {SHA512}}, {@code {SSHA512}}), or a SCRAM secret
 * ({@code {SCRAM-SHA-256}...} or RFC 5803's {@code SCRAM-SHA-256$...}). Every comparison is
 * constant-time; anything it cannot check is {@link CryptCheck.Unsupported}.
 */
public final class StoredPasswordCheck {

    /** Crypt schemes and the crypt(3) prefixes each allows. */
    private static final Map<String, String[]> CRYPT_SCHEMES = Map.of(
            "CRYPT", new String[0],
            "MD5-CRYPT", new String[] {"$1$"},
            "SHA256-CRYPT", new String[] {"$5$"},
            "SHA512-CRYPT", new String[] {"$6$"},
            "BLF-CRYPT", new String[] {"$2a$", "$2b$", "$2x$", "$2y$"},
            "DES-CRYPT", new String[] {""});

    private StoredPasswordCheck() {
    }

    /**
     * @param password the password's bytes; not modified
     * @param stored the stored value, with or without a {@code {SCHEME}} prefix
     */
    public static CryptCheck verify(byte[] password, String stored) {
        if (ScramSecret.looksLikeScram(stored)) {
            return verifyScram(password, stored);
        }
        var scheme = DovecotScheme.parse(stored);
        if (scheme.isEmpty()) {
            return CryptVerifier.verify(password, stored);
        }
        DovecotScheme s = scheme.get();
        String[] prefixes = CRYPT_SCHEMES.get(s.scheme());
        if (prefixes != null) {
            return verifyCrypt(password, s, prefixes);
        }
        if (DigestScheme.knows(s.scheme())) {
            return DigestScheme.verify(password, s);
        }
        if (s.scheme().equals("PLAIN") || s.scheme().equals("CLEARTEXT") || s.scheme().equals("CLEAR")) {
            return verifyCleartext(password, s);
        }
        return new CryptCheck.Unsupported("unknown scheme {" + s.scheme() + "}");
    }

    private static CryptCheck verifyCrypt(byte[] password, DovecotScheme s, String[] prefixes) {
        String hash = s.payload();
        if (prefixes.length > 0) {
            boolean fits = false;
            for (String p : prefixes) {
                fits |= p.isEmpty() ? isTraditionalDes(hash) : hash.startsWith(p);
            }
            if (!fits) {
                return new CryptCheck.Unsupported("{" + s.scheme() + "} holds a hash of another format");
            }
        }
        return CryptVerifier.verify(password, hash);
    }

    /**
     * A stored SCRAM secret checks a plain password as Dovecot does it: SASLprep the password,
     * derive the keys with the stored salt and count, compare StoredKey and ServerKey.
     */
    private static CryptCheck verifyScram(byte[] password, String stored) {
        ScramSecret secret;
        try {
            secret = ScramSecret.parse(stored);
        } catch (IllegalArgumentException e) {
            return new CryptCheck.Unsupported("malformed SCRAM secret: " + e.getMessage());
        }
        byte[] prepared = null;
        try {
            prepared = SaslPrep.preparePassword(password);
            return secret.matches(prepared) ? CryptCheck.MATCH : CryptCheck.MISMATCH;
        } catch (SaslPrepException e) {
            // No SCRAM secret is made from a password SASLprep refuses: this one is simply wrong.
            return CryptCheck.MISMATCH;
        } finally {
            if (prepared != null) {
                Arrays.fill(prepared, (byte) 0);
            }
            secret.wipe();
        }
    }

    /** Whether {@code hash} has the shape of a 13-character traditional DES hash. */
    public static boolean isTraditionalDes(String hash) {
        if (hash.length() != 13) {
            return false;
        }
        for (int i = 0; i < 13; i++) {
            char c = hash.charAt(i);
            if (!(c == '.' || c == '/' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private static CryptCheck verifyCleartext(byte[] password, DovecotScheme s) {
        byte[] expected;
        if (s.encoding() == DovecotScheme.Encoding.GUESS) {
            expected = s.payload().getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                expected = s.encoding() == DovecotScheme.Encoding.HEX
                        ? HexFormat.of().parseHex(s.payload().trim()) : Base64.getDecoder().decode(s.payload().trim());
            } catch (IllegalArgumentException e) {
                return new CryptCheck.Unsupported("{" + s.scheme() + "}: payload is not valid "
                        + (s.encoding() == DovecotScheme.Encoding.HEX ? "hex" : "base64"));
            }
        }
        try {
            return MessageDigest.isEqual(expected, password) ? CryptCheck.MATCH : CryptCheck.MISMATCH;
        } finally {
            Arrays.fill(expected, (byte) 0);
        }
    }
}
