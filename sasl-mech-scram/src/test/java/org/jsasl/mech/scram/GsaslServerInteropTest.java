package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.Gsasl;
import org.jsasl.testkit.JsaslClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with GNU SASL's {@code gsasl} program: jsasl's SCRAM client against
 * {@code gsasl --server}, and stored keys made by {@code gsasl --mkpasswd} serving both jsasl's
 * client and {@code gsasl --client} through a jsasl server in Cyrus mode.
 */
class GsaslServerInteropTest {

    private static final String SECRET = "gnu-pencil";

    @BeforeAll
    static void setUp() {
        Gsasl.program();
        Exchange.registerProvider();
    }

    private static SaslClient client(String mechanism, String user, String password) throws Exception {
        SaslClient c = JsaslClients.create(mechanism, null, Map.of(), Exchange.credentials(user, password));
        assertInstanceOf(ScramSaslClient.class, c);
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256"})
    void jsaslClientAuthenticatesToGsaslServerAndChecksItsSignature(String mechanism) throws Exception {
        SaslClient c = client(mechanism, "alice", SECRET);
        Gsasl.Outcome o = Gsasl.serverFor(c, mechanism, SECRET);
        assertNull(o.jsaslError());
        assertEquals(0, o.exit(), o.errors());
        // Complete only after the client verified gsasl's ServerSignature.
        assertTrue(c.isComplete());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256"})
    void gsaslServerRejectsJsaslClientWithWrongPassword(String mechanism) throws Exception {
        SaslClient c = client(mechanism, "alice", "not-" + SECRET);
        Gsasl.Outcome o = Gsasl.serverFor(c, mechanism, SECRET);
        assertNotEquals(0, o.exit());
        assertTrue(o.errors().contains("Error authenticating user"), o.errors());
        assertFalse(c.isComplete());
    }

    /** A Cyrus-mode server whose crypt-format userPassword for {@code dove} is {@code keys}. */
    private static ServerContext withKeys(String keys) throws Exception {
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "password_format", "crypt",
                "mech_list", "SCRAM-SHA-1 SCRAM-SHA-256", "memory_userpassword", "dove=" + keys, "log_level", "7"));
    }

    private static SaslServer server(ServerContext ctx, String mechanism) throws Exception {
        return JsaslProvider.serverFactory().createSaslServer(mechanism, "imap", "mail.example.com",
                Exchange.cyrus(ctx, null), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256"})
    void gsaslMkpasswdKeysServeJsaslClient(String mechanism) throws Exception {
        // gsasl's default iteration count (65536), as a real deployment would store it.
        String keys = Gsasl.mkpasswd(mechanism, SECRET, null);
        assertTrue(keys.startsWith("{" + mechanism + "}65536,"), keys);
        try (ServerContext ctx = withKeys(keys)) {
            SaslServer s = server(ctx, mechanism);
            Exchange.run(client(mechanism, "dove", SECRET), s);
            assertEquals("dove", s.getAuthorizationID());
            ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                    () -> Exchange.run(client(mechanism, "dove", "not-" + SECRET), server(ctx, mechanism)));
            assertEquals(ScramError.INVALID_PROOF, e.error());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256"})
    void gsaslMkpasswdKeysServeGsaslClient(String mechanism) throws Exception {
        String keys = Gsasl.mkpasswd(mechanism, SECRET, 4096);
        try (ServerContext ctx = withKeys(keys)) {
            SaslServer s = server(ctx, mechanism);
            Gsasl.Outcome o = Gsasl.clientFor(s, mechanism, "dove", SECRET);
            assertNull(o.jsaslError());
            assertTrue(s.isComplete());
            assertEquals("dove", s.getAuthorizationID());
            // gsasl exits 0 only after checking jsasl's ServerSignature.
            assertEquals(0, o.exit(), o.errors());

            Gsasl.Outcome wrong = Gsasl.clientFor(server(ctx, mechanism), mechanism, "dove", "not-" + SECRET);
            ScramAuthenticationException e = assertInstanceOf(ScramAuthenticationException.class, wrong.jsaslError());
            assertEquals(ScramError.INVALID_PROOF, e.error());
            assertNotEquals(0, wrong.exit());
        }
    }
}
