package org.jsasl.crypt;

/**
 * A crypt(3) setting (salt string or stored hash) that libxcrypt would refuse: wrong salt
 * characters, rounds or cost out of range, truncated, unknown prefix. The message says what is
 * wrong and never contains the password.
 */
public final class InvalidSettingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param problem what is wrong with the setting */
    public InvalidSettingException(String problem) {
        super(problem);
    }
}
