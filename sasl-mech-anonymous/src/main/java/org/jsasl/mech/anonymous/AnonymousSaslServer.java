package org.jsasl.mech.anonymous;

import javax.security.sasl.SaslException;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.AuthOutcome;

/**
 * ANONYMOUS server (RFC 4505): one client message, the trace token, possibly empty, sent as the
 * initial response or after an empty challenge. A token breaking {@link TraceToken}'s rules is a
 * protocol error; any other logs in as {@link org.jsasl.server.Authenticator#ANONYMOUS_ID}, the
 * authenticator logging the token.
 */
public final class AnonymousSaslServer extends MechanismSaslServer {

    AnonymousSaslServer(ServerSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return AnonymousMechanism.NAME;
    }

    @Override
    protected byte[] firstChallenge() {
        return new byte[0];
    }

    @Override
    protected byte[] step(byte[] trace) throws SaslException {
        String token = TraceToken.decode(trace);
        AuthOutcome outcome;
        try {
            outcome = session.authenticator().anonymous(token);
        } catch (RuntimeException e) {
            outcome = new AuthOutcome.Unavailable("internal error", e);
        }
        return complete(outcome, null);
    }

    @Override
    protected void clearSecrets() {
        // A trace token is no secret.
    }
}
