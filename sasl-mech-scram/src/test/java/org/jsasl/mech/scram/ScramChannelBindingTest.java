package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.TlsPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The -PLUS variants over a real TLS connection on loopback and with data the application hands in:
 * binding succeeds only to the same channel, the GS2 rules of RFC 5802 section 6 hold, and a
 * downgrade to the plain variant is caught.
 */
class ScramChannelBindingTest {

    private static final String SECRET = "pl0s-secret";

    static ServerContext ctx;
    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=" + SECRET, "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
    }

    static SaslServer server(String mechanism, Map<String, Object> props) throws SaslException {
        Map<String, Object> all = Exchange.cyrus(ctx, null);
        all.putAll(props);
        return JsaslProvider.serverFactory().createSaslServer(mechanism, "imap", "mail.example.com", all, null);
    }

    static SaslClient client(String mechanism, Map<String, Object> props) throws SaslException {
        return JsaslClients.create(mechanism, null, props, Exchange.credentials("alice", SECRET));
    }

    static Map<String, Object> endPoint(byte[] data) {
        Map<String, Object> m = new HashMap<>();
        m.put(JsaslProperties.CHANNEL_BINDING_TLS_SERVER_END_POINT, data);
        return m;
    }

    private static byte[] filled(int b) {
        byte[] d = new byte[32];
        Arrays.fill(d, (byte) b);
        return d;
    }

    @Test
    void plusBindsOverTls13AndTls12() throws Exception {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (TlsPair tls = TlsPair.open(dir, protocol, "RSA", "SHA256withRSA")) {
                SaslServer s = server("SCRAM-SHA-256-PLUS", Map.of(JsaslProperties.TLS_SESSION, tls.serverSession()));
                SaslClient c = client("SCRAM-SHA-256-PLUS", Map.of(JsaslProperties.TLS_SESSION, tls.clientSession()));
                byte[] first = c.evaluateChallenge(new byte[0]);
                String header = new String(first, StandardCharsets.UTF_8);
                boolean exporter = protocol.equals("TLSv1.3") && Runtime.version().feature() >= 25;
                assertTrue(header.startsWith(exporter ? "p=tls-exporter,," : "p=tls-server-end-point,,"), header);
                byte[] challenge = s.evaluateResponse(first);
                byte[] last = s.evaluateResponse(c.evaluateChallenge(challenge));
                assertTrue(s.isComplete());
                assertNull(c.evaluateChallenge(last));
                assertTrue(c.isComplete());
                assertEquals("alice", s.getAuthorizationID());
            }
        }
    }

    @Test
    void anEcdsaSha384CertificateBindsWithSha384() throws Exception {
        try (TlsPair tls = TlsPair.open(dir, "TLSv1.2", "EC", "SHA384withECDSA")) {
            Map<String, byte[]> seen = new HashMap<>();
            ChannelBindings server = ChannelBindings.fromProperties(Map.of(JsaslProperties.TLS_SESSION,
                    tls.serverSession()), true);
            ChannelBindings client = ChannelBindings.fromProperties(Map.of(JsaslProperties.TLS_SESSION,
                    tls.clientSession()), false);
            byte[] s = server.get(ChannelBindings.TLS_SERVER_END_POINT).orElseThrow();
            assertEquals(48, s.length, "RFC 5929: the certificate's own hash, SHA-384");
            assertTrue(Arrays.equals(s, client.get(ChannelBindings.TLS_SERVER_END_POINT).orElseThrow()));
            Exchange.run(client("SCRAM-SHA-256-PLUS", Map.of(JsaslProperties.TLS_SESSION, tls.clientSession())),
                    server("SCRAM-SHA-256-PLUS", Map.of(JsaslProperties.TLS_SESSION, tls.serverSession())));
        }
    }

    @Test
    void anotherConnectionsBindingFails() throws Exception {
        try (TlsPair one = TlsPair.open(dir, "TLSv1.2", "RSA", "SHA256withRSA");
                TlsPair two = TlsPair.open(dir.resolve(".."), "TLSv1.2", "RSA", "SHA256withRSA")) {
            // Two certificates: the relay terminates TLS with its own.
            ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                    () -> Exchange.run(client("SCRAM-SHA-1-PLUS", Map.of(JsaslProperties.TLS_SESSION, two.clientSession())),
                            server("SCRAM-SHA-1-PLUS", Map.of(JsaslProperties.TLS_SESSION, one.serverSession()))));
            assertEquals(ScramError.CHANNEL_BINDINGS_DONT_MATCH, e.error());
        }
    }

    @Test
    void applicationDataBindsAndMismatchedDataIsCaught() throws Exception {
        Exchange.run(client("SCRAM-SHA-512-PLUS", endPoint(filled(7))), server("SCRAM-SHA-512-PLUS", endPoint(filled(7))));
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> Exchange.run(client("SCRAM-SHA-512-PLUS", endPoint(filled(8))),
                        server("SCRAM-SHA-512-PLUS", endPoint(filled(7)))));
        assertEquals(ScramError.CHANNEL_BINDINGS_DONT_MATCH, e.error());
        assertEquals("e=channel-bindings-dont-match", new String(e.serverFinalMessage(), StandardCharsets.US_ASCII));
    }

    @Test
    void aClientWithBindingsOnThePlainVariantSendsYAndIsCaughtAsADowngrade() throws Exception {
        SaslClient c = client("SCRAM-SHA-256", endPoint(filled(1)));
        byte[] first = c.evaluateChallenge(new byte[0]);
        assertTrue(new String(first, StandardCharsets.UTF_8).startsWith("y,,"));
        SaslServer s = server("SCRAM-SHA-256", endPoint(filled(1)));
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class, () -> s.evaluateResponse(first));
        assertEquals(ScramError.SERVER_DOES_SUPPORT_CHANNEL_BINDING, e.error());
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(first));
    }

    @Test
    void yIsFineWhereNoPlusIsOffered() throws Exception {
        // No channel-binding data on the server's side: -PLUS is not offered, so y is no downgrade.
        Exchange.run(client("SCRAM-SHA-256", endPoint(filled(1))), server("SCRAM-SHA-256", Map.of()));
        Exchange.run(client("SCRAM-SHA-1", endPoint(filled(1))), server("SCRAM-SHA-1", Map.of()));
    }

    private static Map<String, Object> withConfig(ServerContext context, Map<String, Object> extra) {
        Map<String, Object> m = Exchange.cyrus(context, null);
        m.putAll(extra);
        return m;
    }

    @Test
    void gs2RulesOfSection6() throws Exception {
        Map<String, Object> bound = endPoint(filled(3));
        String[][] cases = {
            // mechanism, client-first, error
            {"SCRAM-SHA-256", "p=tls-server-end-point,,n=alice,r=abc", "OTHER_ERROR"},
            {"SCRAM-SHA-256-PLUS", "n,,n=alice,r=abc", "OTHER_ERROR"},
            {"SCRAM-SHA-256-PLUS", "y,,n=alice,r=abc", "OTHER_ERROR"},
            {"SCRAM-SHA-256-PLUS", "p=tls-unique,,n=alice,r=abc", "UNSUPPORTED_CHANNEL_BINDING_TYPE"},
            {"SCRAM-SHA-256-PLUS", "p=tls-exporter,,n=alice,r=abc", "UNSUPPORTED_CHANNEL_BINDING_TYPE"},
            {"SCRAM-SHA-256-PLUS", "p=bad_type!,,n=alice,r=abc", "INVALID_ENCODING"},
        };
        for (String[] c : cases) {
            SaslServer s = server(c[0], bound);
            SaslException e = assertThrows(SaslException.class,
                    () -> s.evaluateResponse(c[1].getBytes(StandardCharsets.UTF_8)), c[1]);
            assertEquals(ScramError.valueOf(c[2]), ((ScramFailure) e).error(), c[1]);
        }
    }

    @Test
    void theHeaderInCMustBeTheOneSent() throws Exception {
        // The client sent n but claims y in c=: the bytes differ, so the binding does not match.
        SaslServer s = server("SCRAM-SHA-256", Map.of());
        String first = new String(s.evaluateResponse("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        String nonce = first.substring(2, first.indexOf(','));
        String c = Base64.getEncoder().encodeToString("y,,".getBytes(StandardCharsets.US_ASCII));
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> s.evaluateResponse(("c=" + c + ",r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[32]))
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(ScramError.CHANNEL_BINDINGS_DONT_MATCH, e.error());
    }

    @Test
    void plusIsOfferedOnlyWithBindingData() throws Exception {
        assertNull(server("SCRAM-SHA-256-PLUS", Map.of()));
        assertFalse(List.of(JsaslProvider.serverFactory().getMechanismNames(withConfig(ctx, Map.of())))
                .contains("SCRAM-SHA-256-PLUS"));
        assertTrue(List.of(JsaslProvider.serverFactory().getMechanismNames(withConfig(ctx, endPoint(filled(1)))))
                .contains("SCRAM-SHA-256-PLUS"));
    }
}
