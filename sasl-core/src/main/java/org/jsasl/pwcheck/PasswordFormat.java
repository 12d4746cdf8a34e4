package org.jsasl.pwcheck;

import java.util.Locale;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.crypt.CryptCheck;
import org.jsasl.crypt.CryptVerifier;
import org.jsasl.crypt.StoredPasswordCheck;

/**
 * How the {@code userPassword} property is stored ({@code password_format}, from Gentoo's crypt
 * patch): cleartext (the default), {@code crypt} (any modular crypt(3) hash) or {@code crypt_trad}
 * (traditional DES only). Unlike the patch, an unknown value is a configuration error, not
 * silently cleartext: comparing a password with a hash as if it were cleartext would let anyone
 * who read the hash log in with it.
 */
public enum PasswordFormat {
    /** The stored value is the password itself. */
    CLEARTEXT,
    /** The stored value is a crypt(3) hash of any supported format. */
    CRYPT,
    /** The stored value is a traditional 13-character DES crypt(3) hash. */
    CRYPT_TRAD;

    /** The key that selects the format. */
    public static final String KEY = "password_format";

    /** How a stored value of this format is compared with a password. */
    public AuxpropVerifier.StoredPasswordMatcher matcher() {
        switch (this) {
            case CRYPT:
                return (stored, password) -> verdict(StoredPasswordCheck.verify(password.bytes(), stored));
            case CRYPT_TRAD:
                return (stored, password) -> StoredPasswordCheck.isTraditionalDes(stored)
                        ? verdict(CryptVerifier.verify(password.bytes(), stored))
                        : new VerifyResult.Rejected("unsupported or malformed hash: crypt_trad takes only "
                                + "13-character DES hashes");
            default:
                return AuxpropVerifier.StoredPasswordMatcher.CLEARTEXT;
        }
    }

    private static VerifyResult verdict(CryptCheck check) {
        if (check instanceof CryptCheck.Match) {
            return VerifyResult.accepted();
        }
        if (check instanceof CryptCheck.Unsupported u) {
            return new VerifyResult.Rejected("unsupported or malformed hash: " + u.reason());
        }
        return new VerifyResult.Rejected("wrong password");
    }

    /** Reads {@code password_format}. */
    public static PasswordFormat of(SaslConfig config) throws ConfigException {
        var value = config.get(KEY);
        if (value.isEmpty()) {
            return CLEARTEXT;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "cleartext":
            case "plaintext":
            case "plain":
                return CLEARTEXT;
            case "crypt":
                return CRYPT;
            case "crypt_trad":
                return CRYPT_TRAD;
            default:
                throw config.error(KEY, "unknown format '" + value.get() + "'; use cleartext, crypt or crypt_trad");
        }
    }
}
