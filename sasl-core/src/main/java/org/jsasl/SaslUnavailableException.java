package org.jsasl;

import javax.security.sasl.SaslException;

/**
 * The password backend could not decide (database down, daemon not answering, timeout): the
 * credentials were neither accepted nor rejected, so the client should try again later. A mail
 * server answers this with 454 4.7.0, where it answers a
 * {@link javax.security.sasl.AuthenticationException} with 535.
 */
public class SaslUnavailableException extends SaslException {
    private static final long serialVersionUID = 1L;

    /** @param detail what was unavailable; never a password */
    public SaslUnavailableException(String detail) {
        super(detail);
    }

    /** @param detail what was unavailable; never a password
     *  @param cause the underlying failure */
    public SaslUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
