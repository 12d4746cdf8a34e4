package org.jsasl.mech.external;

import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.mech.Utf8;
import org.jsasl.server.AuthOutcome;

/**
 * EXTERNAL server (RFC 4422 appendix A): one client message, the authorization identity, possibly
 * empty (act as the external identity itself), sent as the initial response or after an empty
 * challenge. It must be UTF-8 without NUL, at most {@value #MAX_AUTHZID_BYTES} bytes. The proxy
 * policy decides: no identity or the external one is allowed, any other needs the application's
 * AuthorizeCallback, else {@link AuthenticationException}.
 */
public final class ExternalSaslServer extends MechanismSaslServer {

    /** Bound on the authorization identity, in bytes (Cyrus' canonical name buffer). */
    public static final int MAX_AUTHZID_BYTES = 1024;

    private final String identity;

    /** @param identity the identity the application established, non-empty */
    ExternalSaslServer(ServerSession session, String identity) {
        super(session);
        this.identity = identity;
    }

    @Override
    public String getMechanismName() {
        return ExternalMechanism.NAME;
    }

    @Override
    protected byte[] firstChallenge() {
        return new byte[0];
    }

    @Override
    protected byte[] step(byte[] response) throws SaslException {
        if (response.length > MAX_AUTHZID_BYTES) {
            throw malformed("authorization identity longer than " + MAX_AUTHZID_BYTES + " bytes");
        }
        if (Utf8.indexOf(response, (byte) 0, 0) >= 0) {
            throw malformed("authorization identity contains a NUL byte");
        }
        String authzid = Utf8.decode(response, 0, response.length);
        if (authzid == null) {
            throw malformed("authorization identity is not valid UTF-8");
        }
        AuthOutcome outcome;
        try {
            outcome = session.authenticator().authorize(identity, authzid, Map.of());
        } catch (RuntimeException e) {
            outcome = new AuthOutcome.Unavailable("internal error", e);
        }
        return complete(outcome, null);
    }

    private static SaslException malformed(String why) {
        return new SaslException("EXTERNAL: malformed message: " + why);
    }

    @Override
    protected void clearSecrets() {
        // No secret crosses EXTERNAL.
    }
}
