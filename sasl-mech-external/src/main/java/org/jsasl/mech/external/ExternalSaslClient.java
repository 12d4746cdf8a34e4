package org.jsasl.mech.external;

import java.nio.charset.StandardCharsets;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * EXTERNAL client: sends the authorization identity (empty for "the identity you already know") as
 * its initial response, or in answer to the server's empty challenge. Needs no CallbackHandler.
 */
public final class ExternalSaslClient implements SaslClient {

    private final byte[] message;
    private boolean complete;
    private boolean disposed;

    /** @param authorizationId the identity to act as, or null or empty for the external one */
    ExternalSaslClient(String authorizationId) throws SaslException {
        message = authorizationId == null ? new byte[0] : authorizationId.getBytes(StandardCharsets.UTF_8);
        if (message.length > ExternalSaslServer.MAX_AUTHZID_BYTES) {
            throw new SaslException("EXTERNAL: authorization identity longer than "
                    + ExternalSaslServer.MAX_AUTHZID_BYTES + " bytes");
        }
        if (authorizationId != null && authorizationId.indexOf('\0') >= 0) {
            throw new SaslException("EXTERNAL: authorization identity contains NUL");
        }
    }

    @Override
    public String getMechanismName() {
        return ExternalMechanism.NAME;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (disposed) {
            throw new IllegalStateException("EXTERNAL client already disposed");
        }
        if (complete) {
            throw new IllegalStateException("EXTERNAL authentication already completed");
        }
        if (challenge != null && challenge.length > 0) {
            throw new SaslException("EXTERNAL: the server sent a non-empty challenge");
        }
        complete = true;
        return message.clone();
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException(complete ? "EXTERNAL supports neither integrity nor privacy"
                : "EXTERNAL authentication not completed");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException(complete ? "EXTERNAL supports neither integrity nor privacy"
                : "EXTERNAL authentication not completed");
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        if (!complete) {
            throw new IllegalStateException("EXTERNAL authentication not completed");
        }
        return Sasl.QOP.equals(propName) ? "auth" : null;
    }

    @Override
    public void dispose() {
        disposed = true;
    }
}
