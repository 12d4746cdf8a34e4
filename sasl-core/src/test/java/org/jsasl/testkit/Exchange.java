package org.jsasl.testkit;

import java.nio.file.Path;
import java.security.Security;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;

/** Helpers to run SASL exchanges through the public API in tests. */
public final class Exchange {

    private Exchange() {
    }

    /** Registers the JSASL provider once. */
    public static void registerProvider() {
        if (Security.getProvider(JsaslProvider.NAME) == null) {
            Security.addProvider(new JsaslProvider());
        }
    }

    /** Props selecting Cyrus mode with {@code config} (a Path, String or ServerContext) and an optional realm. */
    public static Map<String, Object> cyrus(Object config, String realm) {
        Map<String, Object> props = new HashMap<>();
        props.put(JsaslProperties.CONFIG, config instanceof Path p ? p : config);
        if (realm != null) {
            props.put(JsaslProperties.REALM, realm);
        }
        return props;
    }

    /** A client CallbackHandler that answers the name and password. */
    public static CallbackHandler credentials(String name, String password) {
        return callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback nc) {
                    nc.setName(name);
                } else if (cb instanceof PasswordCallback pc) {
                    pc.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        };
    }

    /**
     * Runs a whole exchange between a client and a server as a protocol would, starting with the
     * client's initial response when it has one, until the server completes or throws. Success
     * data the server ends with (SCRAM's server-final-message) goes to the client, which checks it.
     */
    public static void run(SaslClient client, SaslServer server) throws SaslException {
        byte[] response = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
        for (int rounds = 0; rounds < 10; rounds++) {
            byte[] challenge = server.evaluateResponse(response);
            if (server.isComplete()) {
                if (challenge != null && !client.isComplete()) {
                    client.evaluateChallenge(challenge);
                }
                return;
            }
            response = client.evaluateChallenge(challenge);
        }
        throw new SaslException("exchange did not end in 10 rounds");
    }
}
