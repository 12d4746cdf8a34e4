package org.jsasl.crypt;

import java.util.Objects;

/**
 * The checks libxcrypt's {@code crypt_rn} makes before it looks at the hash family, so that every
 * Java format and the JNA path refuse exactly the inputs libxcrypt refuses.
 */
final class CryptLimits {

    /** libxcrypt refuses passphrases of {@code CRYPT_MAX_PASSPHRASE_SIZE} (512) bytes or more. */
    static final int MAX_PASSWORD_BYTES = 511;

    /** crypt(5): settings never contain these, because passwd/shadow use them as delimiters and markers. */
    private static final String FORBIDDEN = "!*:;\\";

    private CryptLimits() {
    }

    /**
     * Refuses a password libxcrypt would refuse or could not even receive.
     *
     * @throws InvalidSettingException when it is too long or contains a NUL byte (C would cut it there)
     */
    static void checkPassword(byte[] password) throws InvalidSettingException {
        Objects.requireNonNull(password, "password");
        if (password.length > MAX_PASSWORD_BYTES) {
            throw new InvalidSettingException("password is longer than " + MAX_PASSWORD_BYTES
                    + " bytes, which libxcrypt refuses");
        }
        for (byte b : password) {
            if (b == 0) {
                throw new InvalidSettingException("password contains a NUL byte, which crypt(3) cannot receive");
            }
        }
    }

    /**
     * Refuses a setting with a character no crypt(3) setting may contain: control characters, space,
     * non-ASCII, and {@code ! * : ; \}. The message names the position, never the setting, because a
     * stored hash does not belong in a log.
     */
    static void checkSetting(String setting) throws InvalidSettingException {
        Objects.requireNonNull(setting, "setting");
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (c <= 0x20 || c >= 0x7f || FORBIDDEN.indexOf(c) >= 0) {
                throw new InvalidSettingException("setting has a character crypt(3) settings never contain, at index " + i);
            }
        }
    }
}
