package org.jsasl.crypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks a password against a stored crypt(3) hash: recomputes it with the stored hash as the
 * setting and compares the two in constant time. Whatever the stored value holds, the answer is a
 * {@link CryptCheck}: a malformed, truncated or unknown hash is {@link CryptCheck.Unsupported},
 * never a match and never an exception.
 */
public final class CryptVerifier {

    /** Longest stored hash considered; real ones are under 150 characters. */
    static final int MAX_HASH_LENGTH = 1024;

    private CryptVerifier() {
    }

    /**
     * @param password the password's bytes; not modified
     * @param stored the stored hash
     */
    public static CryptCheck verify(byte[] password, String stored) {
        if (stored == null || stored.isEmpty()) {
            return new CryptCheck.Unsupported("empty hash");
        }
        if (stored.length() > MAX_HASH_LENGTH) {
            return new CryptCheck.Unsupported("hash longer than " + MAX_HASH_LENGTH + " characters");
        }
        var algorithm = CryptAlgorithms.forSetting(stored);
        if (algorithm.isEmpty()) {
            return new CryptCheck.Unsupported("unknown or unsupported hash format" + describe(stored));
        }
        String computed;
        try {
            // Every format refuses what libxcrypt refuses, whatever the format's own code does with it:
            // Bcrypt reads the password as C would, up to a NUL, so "qzx7\0wv" matched a hash of
            // "qzx7" (a fuzzing finding, CryptFuzzFindingsTest).
            CryptLimits.checkPassword(password);
            computed = algorithm.get().crypt(password, stored);
        } catch (InvalidSettingException e) {
            return new CryptCheck.Unsupported(algorithm.get().name() + ": malformed hash: " + e.getMessage());
        } catch (RuntimeException e) {
            // An implementation bug must never become a match, nor escape to the protocol.
            return new CryptCheck.Unsupported(algorithm.get().name() + ": cannot check this hash ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (computed.length() != stored.length() && !(algorithm.get() instanceof DesCrypt)) {
            // Only DES (bigcrypt) makes hashes whose length depends on the password.
            return new CryptCheck.Unsupported(algorithm.get().name() + ": malformed hash (truncated or too long)");
        }
        if (algorithm.get() instanceof DesCrypt && !desShaped(stored)) {
            return new CryptCheck.Unsupported("not a DES hash (13 characters, or bigcrypt's 13 + 11 per segment)");
        }
        byte[] a = computed.getBytes(StandardCharsets.UTF_8);
        byte[] b = stored.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(a, b) ? CryptCheck.MATCH : CryptCheck.MISMATCH;
    }

    private static boolean desShaped(String stored) {
        return stored.length() >= 13 && (stored.length() - 2) % 11 == 0;
    }

    /** A hint at the format for messages: the prefix up to the second '$', never the hash itself. */
    static String describe(String stored) {
        if (stored.startsWith("$")) {
            int end = stored.indexOf('$', 1);
            if (end > 0 && end <= 8) {
                return " (" + stored.substring(0, end + 1) + ")";
            }
        }
        return stored.startsWith("_") ? " (_)" : "";
    }
}
