package org.jsasl.mech.external;

import java.nio.charset.StandardCharsets;
import javax.security.sasl.SaslException;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismSaslClient;

/**
 * EXTERNAL client: sends the authorization identity (empty for "the identity you already know") as
 * its initial response, or in answer to the server's empty challenge. Needs no CallbackHandler.
 */
public final class ExternalSaslClient extends MechanismSaslClient {

    private final byte[] message;

    /** Checks the session's authorization identity (null or empty for the external one) up front. */
    ExternalSaslClient(ClientSession session) throws SaslException {
        super(session);
        String authorizationId = session.authorizationId();
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
    protected byte[] respond(byte[] challenge) throws SaslException {
        if (challenge.length > 0) {
            throw new SaslException("EXTERNAL: the server sent a non-empty challenge");
        }
        markComplete();
        return message.clone();
    }
}
