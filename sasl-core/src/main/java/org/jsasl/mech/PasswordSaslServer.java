package org.jsasl.mech;

import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.AuthOutcome;

/**
 * The server side of a mechanism that receives the password itself (PLAIN, LOGIN): the
 * {@link MechanismSaslServer} contract plus {@link #finish}, which checks the parsed credentials
 * with the session's authenticator.
 */
public abstract class PasswordSaslServer extends MechanismSaslServer {

    protected PasswordSaslServer(ServerSession session) {
        super(session);
    }

    /**
     * Checks the parsed credentials and ends the exchange: returns null (no more data) when they
     * are accepted, else throws {@link AuthenticationException} (rejected) or
     * {@link SaslUnavailableException} (backend unavailable). The password is cleared here.
     */
    protected final byte[] finish(String authcid, String authzid, Password password) throws SaslException {
        AuthOutcome outcome;
        try (password) {
            outcome = session.authenticator().authenticate(authcid, authzid, password);
        } catch (RuntimeException e) {
            outcome = new AuthOutcome.Unavailable("internal error", e);
        }
        return complete(outcome, null);
    }
}
