package org.jsasl.crypt;

import java.util.Objects;

/**
 * The checks libxcrypt's {@code crypt_rn} applies to every password and setting before it picks a
 * hash family, so that the Java formats refuse exactly what libxcrypt refuses.
 */
final class CryptInputs {

    /** libxcrypt refuses passphrases of {@code CRYPT_MAX_PASSPHRASE_SIZE} (512) bytes or more. */
    static final int MAX_PASSWORD_BYTES = 511;

    /** Never in a setting: passwd and shadow use them as field separators and lock markers. */
    private static final String FORBIDDEN = "!*:;\\";

    private CryptInputs() {
    }

    /**
     * Refuses a password libxcrypt would refuse, or could not even receive as a C string.
     *
     * @throws InvalidSettingException when it is longer than 511 bytes or contains a NUL byte
     */
    static void checkPassword(byte[] password) throws InvalidSettingException {
        Objects.requireNonNull(password, "password");
        if (password.length > MAX_PASSWORD_BYTES) {
            throw new InvalidSettingException("password is longer than " + MAX_PASSWORD_BYTES
                    + " bytes, which libxcrypt refuses");
        }
        for (byte b : password) {
            if (b == 0) {
                // C would silently cut the password here; refusing is safer than hashing a prefix.
                throw new InvalidSettingException("password contains a NUL byte, which crypt(3) cannot receive");
            }
        }
    }

    /**
     * Refuses a setting containing a control character, space, non-ASCII or one of {@code ! * : ; \}
     * anywhere, as libxcrypt does. The message gives the position only: a stored hash does not belong
     * in a log.
     */
    static void checkSetting(String setting) throws InvalidSettingException {
        Objects.requireNonNull(setting, "setting");
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (c <= 0x20 || c >= 0x7f || FORBIDDEN.indexOf(c) >= 0) {
                throw new InvalidSettingException(
                        "setting has a character crypt(3) settings never contain, at index " + i);
            }
        }
    }
}
