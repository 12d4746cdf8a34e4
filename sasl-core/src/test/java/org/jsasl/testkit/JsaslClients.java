package org.jsasl.testkit;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * The JSASL provider's SaslClientFactory, found through {@link Sasl}'s registry, for tests of
 * mechanisms the JDK also has a client for (CRAM-MD5, EXTERNAL): {@code Sasl.createSaslClient} would
 * pick the JDK's, which comes first.
 */
public final class JsaslClients {

    private JsaslClients() {
    }

    /** The registered JSASL client factory; registers the provider first if needed. */
    public static SaslClientFactory factory() {
        Exchange.registerProvider();
        for (var e = Sasl.getSaslClientFactories(); e.hasMoreElements();) {
            SaslClientFactory f = e.nextElement();
            if (f.getClass().getName().startsWith("org.jsasl")) {
                return f;
            }
        }
        throw new AssertionError("no JSASL client factory registered");
    }

    /** A JSASL client of {@code mechanism}, or null when the factory does not make one. */
    public static SaslClient create(String mechanism, String authorizationId, Map<String, ?> props,
            CallbackHandler cbh) throws SaslException {
        return factory().createSaslClient(new String[] {mechanism}, authorizationId, "smtp", "mail.example.com",
                props, cbh);
    }
}
