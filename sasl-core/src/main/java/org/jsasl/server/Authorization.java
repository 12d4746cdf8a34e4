package org.jsasl.server;

import java.io.IOException;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;

/**
 * Decides whether an authenticated user may act as the identity it asked for (Cyrus' proxy
 * policy): no identity, or the user's own, is always allowed; any other needs the application's
 * {@link AuthorizeCallback} to allow it, and is refused when nothing does.
 */
final class Authorization {

    private Authorization() {
    }

    /**
     * Cyrus mode: the default policy, with the CallbackHandler asked only for a different identity.
     *
     * @param authzid the canonical requested identity, or empty for none
     */
    static AuthOutcome cyrusPolicy(String authid, String authzid, CallbackHandler cbh, Map<String, String> props) {
        if (authzid.isEmpty() || authzid.equals(authid)) {
            return new AuthOutcome.Accepted(authid, authid, props);
        }
        if (cbh == null) {
            return refused(authid, authzid);
        }
        return ask(cbh, authid, authzid, props, false);
    }

    /**
     * JDK mode: the CallbackHandler decides, as with the JDK's own servers; a handler without
     * AuthorizeCallback support gets the default policy.
     */
    static AuthOutcome jdkPolicy(String authid, String authzid, CallbackHandler cbh, Map<String, String> props) {
        return ask(cbh, authid, authzid.isEmpty() ? authid : authzid, props, true);
    }

    private static AuthOutcome ask(CallbackHandler cbh, String authid, String authzid, Map<String, String> props,
            boolean defaultWhenUnsupported) {
        AuthorizeCallback ac = new AuthorizeCallback(authid, authzid);
        try {
            cbh.handle(new Callback[] {ac});
        } catch (UnsupportedCallbackException e) {
            if (defaultWhenUnsupported && authzid.equals(authid)) {
                return new AuthOutcome.Accepted(authid, authid, props);
            }
            return refused(authid, authzid);
        } catch (IOException e) {
            return new AuthOutcome.Unavailable("authorization check failed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!ac.isAuthorized()) {
            return refused(authid, authzid);
        }
        String granted = ac.getAuthorizedID() != null ? ac.getAuthorizedID() : authzid;
        return new AuthOutcome.Accepted(authid, granted, props);
    }

    private static AuthOutcome refused(String authid, String authzid) {
        return new AuthOutcome.Rejected(SaslLog.quote(authid) + " is not authorized to act as " + SaslLog.quote(authzid));
    }
}
