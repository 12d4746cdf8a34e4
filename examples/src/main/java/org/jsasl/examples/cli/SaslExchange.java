package org.jsasl.examples.cli;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslUnavailableException;
import org.jsasl.server.ServerContext;

/**
 * Checks a user's password the way a server would: a real SASL exchange between a client and a
 * server made through {@code javax.security.sasl}, the server configured by a shared
 * {@link ServerContext}, turned into a {@link Verdict}. As a server that creates one SaslServer per
 * connection should, it takes jsasl's factory once ({@link JsaslProvider#serverFactory()}) and the
 * client's factory once, instead of paying {@code Sasl.createSaslServer}'s provider lookup (about
 * 20 µs, more than the rest of a login) for every check.
 */
final class SaslExchange {

    /** The server name both sides are given; it is the default realm, so it is not a real host. */
    static final String HOST = "localhost";

    // PLAIN needs one round trip and LOGIN three; more means a mechanism is looping.
    private static final int MAX_ROUNDS = 16;

    private final String mechanism;
    private final String service;
    private final Map<String, Object> serverProps;
    private final SaslServerFactory serverFactory = JsaslProvider.serverFactory();
    /** The first provider's client factory that made a client for the mechanism; null until then. */
    private SaslClientFactory clientFactory;

    /**
     * @param context the configuration every exchange shares
     * @param mechanism the mechanism name, as the installed mechanism spells it
     * @param service the SASL service name
     * @param realm the realm appended to user names without {@code @}, or null
     */
    SaslExchange(ServerContext context, String mechanism, String service, String realm) {
        registerProvider();
        this.mechanism = mechanism;
        this.service = service;
        Map<String, Object> props = new HashMap<>();
        props.put(JsaslProperties.CONFIG, context);
        if (realm != null) {
            props.put(JsaslProperties.REALM, realm);
        }
        this.serverProps = Map.copyOf(props);
    }

    private static synchronized void registerProvider() {
        if (Security.getProvider(JsaslProvider.NAME) == null) {
            Security.addProvider(new JsaslProvider());
        }
    }

    /**
     * Runs one exchange for {@code user} with {@code password}.
     *
     * @param password not cleared here: the caller owns it and clears it
     */
    Verdict check(String user, char[] password) {
        SaslServer server;
        try {
            // jsasl's factory applies jdk.sasl.disabledMechanisms itself, as Sasl.createSaslServer does.
            server = serverFactory.createSaslServer(mechanism, service, HOST, serverProps, null);
        } catch (SaslException e) {
            return verdict(e, password);
        }
        if (server == null) {
            return Verdict.no("mechanism " + mechanism + " is not enabled");
        }
        SaslClient client = null;
        byte[] response = null;
        try {
            client = createClient(new CredentialsCallbackHandler(user, password));
            if (client == null) {
                return Verdict.no("no client for mechanism " + mechanism);
            }
            response = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
            for (int round = 1; ; round++) {
                byte[] challenge = server.evaluateResponse(response);
                // Responses carry the password: clear each as soon as the server has it.
                SecretText.wipe(response);
                response = null;
                if (server.isComplete()) {
                    if (challenge != null && !client.isComplete()) {
                        // Success data (SCRAM's server signature): the client checks the server too.
                        client.evaluateChallenge(challenge);
                    }
                    return Verdict.ok();
                }
                if (round == MAX_ROUNDS || client.isComplete()) {
                    return Verdict.no(mechanism + ": the exchange did not complete");
                }
                response = client.evaluateChallenge(challenge == null ? new byte[0] : challenge);
            }
        } catch (SaslException e) {
            return verdict(e, password);
        } finally {
            SecretText.wipe(response);
            dispose(client);
            dispose(server);
        }
    }

    /**
     * A client for the mechanism from the same factory {@code Sasl.createSaslClient} would use: the
     * first provider, in preference order, whose factory makes one. The mechanism is known to be
     * enabled here, since the server factory made a server for it.
     */
    private SaslClient createClient(CallbackHandler cbh) throws SaslException {
        String[] mechanisms = {mechanism};
        if (clientFactory != null) {
            SaslClient client = clientFactory.createSaslClient(mechanisms, null, service, HOST, Map.of(), cbh);
            if (client != null) {
                return client;
            }
        }
        Provider[] providers = Security.getProviders("SaslClientFactory." + mechanism);
        for (Provider p : providers == null ? new Provider[0] : providers) {
            Provider.Service s = p.getService("SaslClientFactory", mechanism);
            Object factory;
            try {
                factory = s == null ? null : s.newInstance(null);
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                continue;
            }
            if (factory instanceof SaslClientFactory f) {
                SaslClient client = f.createSaslClient(mechanisms, null, service, HOST, Map.of(), cbh);
                if (client != null) {
                    clientFactory = f;
                    return client;
                }
            }
        }
        return null;
    }

    private static Verdict verdict(SaslException e, char[] password) {
        String reason = e.getMessage();
        // No mechanism we know puts the password in a message; a future one must not leak it here either.
        if (SecretText.contains(reason, password)) {
            reason = "authentication failed";
        }
        // SaslUnavailableException is a SaslException: it must be told apart first.
        return e instanceof SaslUnavailableException ? Verdict.tempfail(reason) : Verdict.no(reason);
    }

    private static void dispose(SaslClient client) {
        if (client != null) {
            try {
                client.dispose();
            } catch (SaslException ignored) {
                // Nothing is left to release that matters to a one-shot check.
            }
        }
    }

    private static void dispose(SaslServer server) {
        try {
            server.dispose();
        } catch (SaslException ignored) {
            // As for the client.
        }
    }
}
