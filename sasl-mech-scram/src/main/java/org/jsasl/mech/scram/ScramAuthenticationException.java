package org.jsasl.mech.scram;

import javax.security.sasl.AuthenticationException;

/**
 * A SCRAM exchange that was well formed but failed: a wrong proof (also what an unknown user gets),
 * channel bindings that do not match, a downgrade, a refused authorisation identity; on the client,
 * any {@code e=} the server sent, or a server signature that proves the server does not know the
 * password. A mail server answers it with 535.
 */
public final class ScramAuthenticationException extends AuthenticationException implements ScramFailure {

    private static final long serialVersionUID = 1L;

    private final ScramError error;

    /**
     * @param error the RFC 5802 error to report
     * @param message what failed, naming the mechanism; never quoting a secret
     */
    public ScramAuthenticationException(ScramError error, String message) {
        super(message);
        this.error = error;
    }

    @Override
    public ScramError error() {
        return error;
    }
}
