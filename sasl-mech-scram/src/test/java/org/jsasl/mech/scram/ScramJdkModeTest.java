package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;
import org.jsasl.callback.ScramCredentialCallback;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCRAM through {@code Sasl.createSaslServer} and {@code Sasl.createSaslClient} with application
 * CallbackHandlers: stored keys through {@link ScramCredentialCallback}, the cleartext through
 * PasswordCallback for handlers that know only that, the proxy policy through AuthorizeCallback.
 */
class ScramJdkModeTest {

    private static final byte[] SALT = "sixteen byte salt".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void register() {
        Exchange.registerProvider();
    }

    /** A handler with stored SCRAM-SHA-256 keys, as an XMPP server keeps them. */
    static CallbackHandler keys(Map<String, ScramSecret> secrets) {
        return callbacks -> {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback nc) {
                    name = nc.getDefaultName();
                } else if (cb instanceof ScramCredentialCallback sc) {
                    ScramSecret s = secrets.get(name);
                    sc.setSecret(s != null && s.hash() == sc.hash() ? s.copy() : null);
                } else if (cb instanceof AuthorizeCallback ac) {
                    ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID())
                            || ac.getAuthenticationID().equals("admin"));
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        };
    }

    static SaslClient client(String mechanism, String authzid, String name, String password) throws Exception {
        return Sasl.createSaslClient(new String[] {mechanism}, authzid, "xmpp", "example.com", Map.of(),
                Exchange.credentials(name, password));
    }

    @Test
    void storedKeysThroughScramCredentialCallback() throws Exception {
        ScramSecret alice = ScramSecret.derive(ScramHash.SHA_256, "s3cret".getBytes(StandardCharsets.UTF_8), SALT, 4096);
        CallbackHandler cbh = keys(Map.of("alice", alice, "admin", alice));
        SaslServer s = Sasl.createSaslServer("SCRAM-SHA-256", "xmpp", "example.com", Map.of(), cbh);
        assertInstanceOf(ScramSaslServer.class, s);
        SaslClient c = client("SCRAM-SHA-256", null, "alice", "s3cret");
        assertInstanceOf(ScramSaslClient.class, c);
        Exchange.run(c, s);
        assertTrue(c.isComplete());
        assertEquals("alice", s.getAuthorizationID());
        assertEquals("auth", s.getNegotiatedProperty(Sasl.QOP));

        assertThrows(ScramAuthenticationException.class, () -> Exchange.run(client("SCRAM-SHA-256", null, "alice",
                "wrong"), Sasl.createSaslServer("SCRAM-SHA-256", "xmpp", "example.com", Map.of(), cbh)));
        assertThrows(ScramAuthenticationException.class, () -> Exchange.run(client("SCRAM-SHA-256", null, "nobody",
                "s3cret"), Sasl.createSaslServer("SCRAM-SHA-256", "xmpp", "example.com", Map.of(), cbh)));
        // Keys of another hash are no keys for this one.
        assertThrows(ScramAuthenticationException.class, () -> Exchange.run(client("SCRAM-SHA-1", null, "alice",
                "s3cret"), Sasl.createSaslServer("SCRAM-SHA-1", "xmpp", "example.com", Map.of(), cbh)));
    }

    @Test
    void authorizeCallbackDecidesProxying() throws Exception {
        ScramSecret secret = ScramSecret.derive(ScramHash.SHA_256, "s3cret".getBytes(StandardCharsets.UTF_8), SALT, 4096);
        CallbackHandler cbh = keys(Map.of("alice", secret, "admin", secret));
        SaslServer s = Sasl.createSaslServer("SCRAM-SHA-256", "xmpp", "example.com", Map.of(), cbh);
        Exchange.run(client("SCRAM-SHA-256", "alice", "admin", "s3cret"), s);
        assertEquals("alice", s.getAuthorizationID());
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> Exchange.run(client("SCRAM-SHA-256", "admin", "alice", "s3cret"),
                        Sasl.createSaslServer("SCRAM-SHA-256", "xmpp", "example.com", Map.of(), cbh)));
        assertEquals(ScramError.OTHER_ERROR, e.error());
    }

    @Test
    void aHandlerWithOnlyPasswordCallbackServesTheCleartextWithSaslPrep() throws Exception {
        // Stored precomposed, typed decomposed: SASLprep (NFKC) makes both the same.
        CallbackHandler cbh = new MapCallbackHandler(Map.of("jos\u00e9", "p\u00e4ss"), (a, b) -> false,
                Set.of(ScramCredentialCallback.class));
        for (String mechanism : new String[] {"SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"}) {
            SaslServer s = Sasl.createSaslServer(mechanism, "xmpp", "example.com", Map.of(), cbh);
            Exchange.run(client(mechanism, null, "jos\u00e9", "pa\u0308ss"), s);
            assertEquals("jos\u00e9", s.getAuthorizationID());
        }
    }

    @Test
    void aFailingHandlerIsUnavailableNotRejected() throws Exception {
        CallbackHandler broken = callbacks -> {
            throw new java.io.IOException("directory down");
        };
        SaslServer s = Sasl.createSaslServer("SCRAM-SHA-256", "xmpp", "example.com", Map.of(), broken);
        assertThrows(SaslUnavailableException.class,
                () -> s.evaluateResponse("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)));
    }
}
