package org.jsasl;

import javax.security.sasl.AuthenticationException;

/**
 * The credentials were right, but the account may not log in (for this service): Cyrus'
 * {@code SASL_DISABLED}, courier's {@code disable<service>=1}. It is still a refusal, so code that
 * catches {@link AuthenticationException} treats it as one (a mail server answers 535); a protocol
 * that can say more, such as Dovecot's {@code code=user_disabled}, may. It is thrown only after the
 * password or proof was checked and found right, so it never reveals whether a user name exists.
 */
public class SaslAccountDisabledException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /** @param detail what was disabled; never a password */
    public SaslAccountDisabledException(String detail) {
        super(detail);
    }
}
