package org.jsasl.mech.cram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslUnavailableException;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.MemoryAuxpropFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CRAM-MD5 with cleartext passwords from a Cyrus-style auxprop configuration. */
class CramMd5CyrusModeTest {

    private static final String SECRET = "c0rrect-h0rse-cram";

    static ServerContext ctx;
    static ServerContext down;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=" + SECRET + " bob@example.org=" + SECRET + " empty=",
                "memory_nopassword", "nopass", "log_level", "7"));
        down = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=x",
                "memory_down", "yes", "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
        down.close();
    }

    static SaslServer server(ServerContext context, String realm) throws SaslException {
        return JsaslProvider.serverFactory().createSaslServer("CRAM-MD5", "smtp", "mail.example.com",
                Exchange.cyrus(context, realm), null);
    }

    static SaslClient client(String name, String password) throws SaslException {
        return JsaslClients.create("CRAM-MD5", null, Map.of(), Exchange.credentials(name, password));
    }

    static List<String> offered(ServerContext context, Map<String, Object> extra) {
        Map<String, Object> props = Exchange.cyrus(context, null);
        props.putAll(extra);
        return List.of(JsaslProvider.serverFactory().getMechanismNames(props));
    }

    @Test
    void cleartextPasswordsAuthenticate() throws Exception {
        SaslServer s = server(ctx, null);
        assertInstanceOf(CramMd5SaslServer.class, s);
        Exchange.run(client("alice", SECRET), s);
        assertEquals("alice", s.getAuthorizationID());
        assertEquals("alice", s.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY));
    }

    @Test
    void theRealmPropertyIsAppendedToBareNames() throws Exception {
        SaslServer s = server(ctx, "example.org");
        Exchange.run(client("bob", SECRET), s);
        assertEquals("bob@example.org", s.getAuthorizationID());
    }

    @Test
    void wrongPasswordUnknownUserAndNoPasswordAreRejectedAlike() throws Exception {
        try (LogCapture log = new LogCapture()) {
            for (String[] bad : new String[][] {{"alice", SECRET + "!"}, {"nobody", SECRET}, {"nopass", SECRET},
                    {"empty", ""}}) {
                SaslServer s = server(ctx, null);
                AuthenticationException e = assertThrows(AuthenticationException.class,
                        () -> Exchange.run(client(bad[0], bad[1]), s));
                assertEquals("CRAM-MD5: authentication failed", e.getMessage());
            }
            String text = log.text();
            assertTrue(text.contains("authentication failed for 'alice': wrong digest"), text);
            assertTrue(text.contains("authentication failed for 'nobody': auxprop: no such user"), text);
            assertTrue(text.contains("authentication failed for 'empty': the stored password is empty"), text);
        }
    }

    @Test
    void backendDownIsSaslUnavailableException() throws Exception {
        SaslServer s = server(down, null);
        SaslUnavailableException e = assertThrows(SaslUnavailableException.class,
                () -> Exchange.run(client("alice", "x"), s));
        assertTrue(e.getMessage().contains("memory store is down"), e.getMessage());
    }

    @Test
    void malformedResponsesNeverReachTheBackend() throws Exception {
        long before = MemoryAuxpropFactory.LOOKUPS.get();
        for (String bad : new String[] {"alice", "alice 123", "alice b913a602c7eda7a495b4e6e7334d389g", "\0 x"}) {
            SaslServer s = server(ctx, null);
            s.evaluateResponse(new byte[0]);
            SaslException e = assertThrows(SaslException.class,
                    () -> s.evaluateResponse(bad.getBytes(StandardCharsets.UTF_8)));
            assertFalse(e instanceof AuthenticationException);
        }
        assertEquals(before, MemoryAuxpropFactory.LOOKUPS.get());
    }

    @Test
    void offeredWithCleartextPasswordsButNotOverACryptTable() throws Exception {
        assertEquals(List.of("CRAM-MD5"), offered(ctx, Map.of()));
        assertEquals(List.of("CRAM-MD5"), offered(ctx, Map.of(Sasl.POLICY_NOPLAINTEXT, "true")));
        assertEquals(List.of(), offered(ctx, Map.of(Sasl.POLICY_NODICTIONARY, "true")));
        for (String mechList : new String[] {null, "CRAM-MD5"}) {
            SaslConfig config = mechList == null
                    ? SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=x",
                            "password_format", "crypt")
                    : SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=x",
                            "password_format", "crypt", "mech_list", mechList);
            try (ServerContext crypt = ServerContext.create(config)) {
                assertEquals(List.of(), offered(crypt, Map.of()), "a crypt hash cannot answer a challenge");
                assertNull(server(crypt, null), "nor is it made when asked for");
            }
        }
    }

    @Test
    void mechListLeavesItOut() throws Exception {
        try (ServerContext plainOnly = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=x", "mech_list", "PLAIN"))) {
            assertEquals(List.of(), offered(plainOnly, Map.of()));
            assertNull(server(plainOnly, null));
        }
    }

    @Test
    void noPasswordInAnyExceptionOrLogAtLogLevelSeven() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Exchange.run(client("alice", SECRET), server(ctx, null));
            CallbackHandler none = null;
            for (String[] bad : new String[][] {{"alice", SECRET + "x"}, {"nobody", SECRET}, {"alice", "x" + SECRET}}) {
                SaslException e = assertThrows(SaslException.class,
                        () -> Exchange.run(client(bad[0], bad[1]), server(ctx, null)));
                assertFalse(String.valueOf(e.getMessage()).contains(SECRET), e.getMessage());
            }
            assertThrows(SaslUnavailableException.class, () -> Exchange.run(client("alice", SECRET),
                    JsaslProvider.serverFactory().createSaslServer("CRAM-MD5", "smtp", "h", Exchange.cyrus(down, null),
                            none)));
            assertTrue(log.text().contains("authenticated 'alice' as 'alice'"), log.text());
            log.assertNever(SECRET);
        }
    }
}
