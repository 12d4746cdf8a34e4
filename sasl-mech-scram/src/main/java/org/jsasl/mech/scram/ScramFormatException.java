package org.jsasl.mech.scram;

import javax.security.sasl.SaslException;

/**
 * A SCRAM message that breaks the protocol: bad syntax, an unsupported extension or channel-binding
 * type, a GS2 flag the mechanism does not allow. Never a statement about the credentials.
 */
public final class ScramFormatException extends SaslException implements ScramFailure {

    private static final long serialVersionUID = 1L;

    private final ScramError error;

    /**
     * @param error the RFC 5802 error to report
     * @param message what is wrong, naming the mechanism; never quoting a secret
     */
    public ScramFormatException(ScramError error, String message) {
        super(message);
        this.error = error;
    }

    @Override
    public ScramError error() {
        return error;
    }
}
