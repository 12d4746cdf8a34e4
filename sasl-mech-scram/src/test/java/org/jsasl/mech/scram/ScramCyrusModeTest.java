package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslUnavailableException;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.MemoryAuxpropFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCRAM in Cyrus mode: cleartext passwords from an auxprop (keys derived per exchange), stored SCRAM
 * keys in both of the forms databases hold under {@code password_format: crypt}, the iteration
 * option, the offer rules, and failures that tell nothing.
 */
class ScramCyrusModeTest {

    private static final String SECRET = "c0rrect-h0rse-scram";
    private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static ServerContext cleartext;
    static ServerContext crypt;
    static ServerContext down;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        cleartext = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=" + SECRET + " bob@example.org=" + SECRET + " empty=",
                "memory_nopassword", "nopass", "log_level", "7"));
        String dovecot256 = ScramSecret.derive(ScramHash.SHA_256, SECRET.getBytes(StandardCharsets.UTF_8), SALT, 4096)
                .dovecotForm();
        String rfc5803 = ScramSecret.derive(ScramHash.SHA_256, SECRET.getBytes(StandardCharsets.UTF_8), SALT, 5000)
                .authPasswordForm();
        String sha1 = ScramSecret.derive(ScramHash.SHA_1, SECRET.getBytes(StandardCharsets.UTF_8), SALT, 4096)
                .dovecotForm();
        String sha512 = new PasswordHasher().hash(PasswordHasher.Format.SCRAM_SHA_512,
                SECRET.getBytes(StandardCharsets.UTF_8), 0);
        crypt = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "password_format", "crypt",
                "mech_list", "SCRAM-SHA-1 SCRAM-SHA-256 SCRAM-SHA-512 PLAIN",
                "memory_userpassword", "dove=" + dovecot256 + " rfc=" + rfc5803 + " old=" + sha1 + " big=" + sha512
                        + " plain={PLAIN}" + SECRET + " hashed=$1$saltsalt$qjXMvbEw8oaL.CzflDugX/"
                        + " broken={SCRAM-SHA-256}4096,AAAA,BBBB",
                "log_level", "7"));
        down = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=x",
                "memory_down", "yes", "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        cleartext.close();
        crypt.close();
        down.close();
    }

    static SaslServer server(ServerContext context, String mechanism) throws SaslException {
        return JsaslProvider.serverFactory().createSaslServer(mechanism, "imap", "mail.example.com",
                Exchange.cyrus(context, null), null);
    }

    static SaslClient client(String mechanism, String name, String password) throws SaslException {
        return JsaslClients.create(mechanism, null, Map.of(), Exchange.credentials(name, password));
    }

    static List<String> offered(ServerContext context, Map<String, Object> extra) {
        Map<String, Object> props = Exchange.cyrus(context, null);
        props.putAll(extra);
        return List.of(JsaslProvider.serverFactory().getMechanismNames(props));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void cleartextPasswordsServeEveryHash(String mechanism) throws Exception {
        SaslServer s = server(cleartext, mechanism);
        assertInstanceOf(ScramSaslServer.class, s);
        SaslClient c = client(mechanism, "alice", SECRET);
        Exchange.run(c, s);
        assertTrue(c.isComplete(), "the client checked the server's signature");
        assertEquals("alice", s.getAuthorizationID());
    }

    @Test
    void aCleartextUserGetsTheSameSaltEveryTime() throws Exception {
        assertEquals(serverFirst(cleartext, "alice").replaceAll("r=[^,]*,", ""),
                serverFirst(cleartext, "alice").replaceAll("r=[^,]*,", ""));
    }

    @Test
    void anUnknownUserLooksLikeAKnownOne() throws Exception {
        String known = serverFirst(cleartext, "alice");
        String unknown = serverFirst(cleartext, "nobody");
        assertEquals(unknown.replaceAll("r=[^,]*,", ""), serverFirst(cleartext, "nobody").replaceAll("r=[^,]*,", ""),
                "the fake salt is stable, as a real one is");
        assertEquals(known.replaceAll(".*,i=", ""), unknown.replaceAll(".*,i=", ""));
        assertEquals(known.replaceAll(".*,s=([^,]*),.*", "$1").length(),
                unknown.replaceAll(".*,s=([^,]*),.*", "$1").length());
    }

    private static String serverFirst(ServerContext context, String user) throws SaslException {
        SaslServer s = server(context, "SCRAM-SHA-256");
        return new String(s.evaluateResponse(("n,,n=" + user + ",r=abcdefgh").getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void wrongPasswordUnknownUserNoPasswordAndEmptyPasswordFailAlike() throws Exception {
        try (LogCapture log = new LogCapture()) {
            for (String[] bad : new String[][] {{"alice", SECRET + "!"}, {"nobody", SECRET}, {"nopass", SECRET},
                    {"empty", "x"}}) {
                ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                        () -> Exchange.run(client("SCRAM-SHA-256", bad[0], bad[1]), server(cleartext, "SCRAM-SHA-256")));
                assertEquals("SCRAM-SHA-256: authentication failed", e.getMessage());
                assertEquals(ScramError.INVALID_PROOF, e.error());
                assertEquals("e=invalid-proof", new String(e.serverFinalMessage(), StandardCharsets.US_ASCII));
            }
            String text = log.text();
            assertTrue(text.contains("authentication failed for 'alice': wrong proof"), text);
            assertTrue(text.contains("authentication failed for 'nobody': auxprop: no such user"), text);
            assertTrue(text.contains("authentication failed for 'empty': the stored password is empty"), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dove", "rfc", "plain"})
    void storedSha256KeysInEitherFormServeScramSha256(String user) throws Exception {
        SaslServer s = server(crypt, "SCRAM-SHA-256");
        Exchange.run(client("SCRAM-SHA-256", user, SECRET), s);
        assertEquals(user, s.getAuthorizationID());
    }

    @Test
    void storedKeysServeOnlyTheirOwnHash() throws Exception {
        Exchange.run(client("SCRAM-SHA-1", "old", SECRET), server(crypt, "SCRAM-SHA-1"));
        Exchange.run(client("SCRAM-SHA-512", "big", SECRET), server(crypt, "SCRAM-SHA-512"));
        try (LogCapture log = new LogCapture()) {
            assertThrows(ScramAuthenticationException.class,
                    () -> Exchange.run(client("SCRAM-SHA-256", "old", SECRET), server(crypt, "SCRAM-SHA-256")));
            assertThrows(ScramAuthenticationException.class,
                    () -> Exchange.run(client("SCRAM-SHA-256", "hashed", SECRET), server(crypt, "SCRAM-SHA-256")));
            assertThrows(ScramAuthenticationException.class,
                    () -> Exchange.run(client("SCRAM-SHA-256", "broken", SECRET), server(crypt, "SCRAM-SHA-256")));
            String text = log.text();
            assertTrue(text.contains("holds SCRAM-SHA-1 keys, not SCRAM-SHA-256 keys"), text);
            assertTrue(text.contains("cannot answer a challenge"), text);
            assertTrue(text.contains("malformed SCRAM secret"), text);
        }
    }

    @Test
    void storedKeysKeepTheirIterationCount() throws Exception {
        String first = new String(server(crypt, "SCRAM-SHA-256").evaluateResponse(
                "n,,n=rfc,r=abcdefgh".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertTrue(first.endsWith(",i=5000"), first);
    }

    @Test
    void storedScramKeysAlsoServePlain() throws Exception {
        for (String user : new String[] {"dove", "rfc", "old", "big"}) {
            SaslServer s = JsaslProvider.serverFactory().createSaslServer("PLAIN", "imap", "h",
                    Exchange.cyrus(crypt, null), null);
            if (s == null) {
                return; // PLAIN is not on this module's class path
            }
            Exchange.run(client("PLAIN", user, SECRET), s);
        }
    }

    @Test
    void theIterationOptionSetsDerivedKeysAndIsValidated() throws Exception {
        try (ServerContext slow = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=" + SECRET, "scram_iteration_counter", "10000"))) {
            SaslServer s = server(slow, "SCRAM-SHA-256");
            String first = new String(s.evaluateResponse("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            assertTrue(first.endsWith(",i=10000"), first);
            Exchange.run(client("SCRAM-SHA-256", "alice", SECRET), server(slow, "SCRAM-SHA-256"));
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ServerContext.create(SaslConfig.of(
                "auxprop_plugin", "memory", "memory_userpassword", "alice=" + SECRET, "scram_iteration_counter", "100")));
        assertTrue(e.getMessage().contains("scram_iteration_counter"), e.getMessage());
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        // Not checked when no SCRAM mechanism is enabled: the option is not theirs then.
        ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=" + SECRET,
                "scram_iteration_counter", "100", "mech_list", "PLAIN")).close();
    }

    @Test
    void backendDownIsSaslUnavailableExceptionAtTheFirstMessage() throws Exception {
        SaslServer s = server(down, "SCRAM-SHA-256");
        SaslUnavailableException e = assertThrows(SaslUnavailableException.class,
                () -> s.evaluateResponse("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("memory store is down"), e.getMessage());
    }

    @Test
    void proxyPolicyAppliesToTheAuthorizationIdentity() throws Exception {
        SaslServer self = server(cleartext, "SCRAM-SHA-256");
        Exchange.run(JsaslClients.create("SCRAM-SHA-256", "alice", Map.of(), Exchange.credentials("alice", SECRET)),
                self);
        assertEquals("alice", self.getAuthorizationID());
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> Exchange.run(JsaslClients.create("SCRAM-SHA-256", "bob@example.org", Map.of(),
                        Exchange.credentials("alice", SECRET)), server(cleartext, "SCRAM-SHA-256")));
        assertEquals(ScramError.OTHER_ERROR, e.error());
    }

    @Test
    void offeredWithCleartextOrWhenNamedOverACryptTable() throws Exception {
        assertEquals(List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1"), offered(cleartext, Map.of()));
        Map<String, Object> bound = new HashMap<>();
        bound.put(JsaslProperties.CHANNEL_BINDING_TLS_SERVER_END_POINT, new byte[32]);
        assertEquals(List.of("SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-512",
                "SCRAM-SHA-256", "SCRAM-SHA-1"), offered(cleartext, bound));
        assertEquals(List.of(), offered(cleartext, Map.of(Sasl.POLICY_NOACTIVE, "false", Sasl.POLICY_NOANONYMOUS,
                "true", Sasl.POLICY_NODICTIONARY, "true")), "SCRAM allows offline dictionary attacks, as Cyrus says");
        assertEquals(List.of("SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"), offered(crypt, Map.of()));
        try (ServerContext unnamed = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=x", "password_format", "crypt"))) {
            assertEquals(List.of(), offered(unnamed, Map.of()), "only some users of a crypt table have keys");
            assertNull(server(unnamed, "SCRAM-SHA-256"));
        }
    }

    @Test
    void noPasswordOrKeyInAnyExceptionOrLogAtLogLevelSeven() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Exchange.run(client("SCRAM-SHA-256", "alice", SECRET), server(cleartext, "SCRAM-SHA-256"));
            Exchange.run(client("SCRAM-SHA-256", "dove", SECRET), server(crypt, "SCRAM-SHA-256"));
            for (String[] bad : new String[][] {{"alice", SECRET + "x"}, {"nobody", SECRET}, {"dove", "x" + SECRET}}) {
                SaslException e = assertThrows(SaslException.class,
                        () -> Exchange.run(client("SCRAM-SHA-256", bad[0], bad[1]), server(cleartext, "SCRAM-SHA-256")));
                assertFalse(String.valueOf(e.getMessage()).contains(SECRET), e.getMessage());
            }
            assertTrue(log.text().contains("authenticated 'alice' as 'alice'"), log.text());
            log.assertNever(SECRET);
            ScramSecret stored = ScramSecret.derive(ScramHash.SHA_256, SECRET.getBytes(StandardCharsets.UTF_8), SALT, 4096);
            log.assertNever(java.util.Base64.getEncoder().encodeToString(stored.storedKey()));
            log.assertNever(java.util.Base64.getEncoder().encodeToString(stored.serverKey()));
        }
    }

    @Test
    void malformedFirstMessagesNeverReachTheBackend() throws Exception {
        long before = MemoryAuxpropFactory.LOOKUPS.get();
        for (String bad : new String[] {"n,,", "x,,n=alice,r=abc", "n,,m=ext,n=alice,r=abc", "n,,n=al=ice,r=abc",
                "n,,n=alice", "n,,n=alice,r=", "n,,n=alice,r=a\u0001b", "p=tls-unique,,n=alice,r=abc"}) {
            SaslServer s = server(cleartext, "SCRAM-SHA-256");
            SaslException e = assertThrows(SaslException.class,
                    () -> s.evaluateResponse(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertFalse(e instanceof AuthenticationException, bad);
            assertNotNull(((ScramFailure) e).error());
        }
        assertEquals(before, MemoryAuxpropFactory.LOOKUPS.get());
    }
}
