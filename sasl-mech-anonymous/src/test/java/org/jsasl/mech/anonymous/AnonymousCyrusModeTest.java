package org.jsasl.mech.anonymous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.server.Authenticator;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ANONYMOUS with a Cyrus-style configuration: offered only by name, the trace token logged safely. */
class AnonymousCyrusModeTest {

    static ServerContext named;
    static ServerContext unnamed;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        named = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "mech_list", "ANONYMOUS", "log_level", "7"));
        unnamed = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=secret", "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        named.close();
        unnamed.close();
    }

    static SaslServer server(ServerContext context, Map<String, Object> extra) throws SaslException {
        Map<String, Object> props = Exchange.cyrus(context, null);
        props.putAll(extra);
        return JsaslProvider.serverFactory().createSaslServer("ANONYMOUS", "smtp", "mail.example.com", props, null);
    }

    static SaslServer server() throws SaslException {
        SaslServer s = server(named, Map.of());
        assertInstanceOf(AnonymousSaslServer.class, s);
        return s;
    }

    static List<String> offered(ServerContext context, Map<String, Object> extra) {
        Map<String, Object> props = Exchange.cyrus(context, null);
        props.putAll(extra);
        return List.of(JsaslProvider.serverFactory().getMechanismNames(props));
    }

    static SaslClient client(String trace) throws SaslException {
        return JsaslClients.create("ANONYMOUS", null, Map.of(JsaslProperties.ANONYMOUS_TRACE, trace), cbs -> { });
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void offeredOnlyWhenMechListNamesItAndTheNoanonymousPolicyIsOff() throws Exception {
        assertEquals(List.of("ANONYMOUS"), offered(named, Map.of()));
        assertEquals(List.of("ANONYMOUS"), offered(named, Map.of(Sasl.POLICY_NOPLAINTEXT, "true")));
        assertEquals(List.of(), offered(named, Map.of(Sasl.POLICY_NOANONYMOUS, "true")));
        assertNull(server(named, Map.of(Sasl.POLICY_NOANONYMOUS, "true")));
        assertEquals(List.of(), offered(unnamed, Map.of()));
        assertNull(server(unnamed, Map.of()), "not made when mech_list does not name it");
    }

    @Test
    void successIsTheAnonymousIdentityWithTheTraceAsAProperty() throws Exception {
        SaslServer s = server();
        Exchange.run(client("sirhc"), s);
        assertTrue(s.isComplete());
        assertEquals(Authenticator.ANONYMOUS_ID, s.getAuthorizationID());
        assertEquals("anonymous", s.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY));
        assertEquals("sirhc", s.getNegotiatedProperty(JsaslProperties.ANONYMOUS_TRACE));
        assertEquals("auth", s.getNegotiatedProperty(Sasl.QOP));
    }

    @Test
    void theTraceMayBeEmptyOrComeAfterAnEmptyChallenge() throws Exception {
        SaslServer flagged = server(named, Map.of(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE));
        assertNull(flagged.evaluateResponse(new byte[0]));
        assertEquals("anonymous", flagged.getAuthorizationID());
        SaslServer challenged = server();
        assertEquals(0, challenged.evaluateResponse(new byte[0]).length, "an empty challenge");
        assertFalse(challenged.isComplete());
        assertNull(challenged.evaluateResponse(msg("user@example.org")));
        assertEquals("user@example.org", challenged.getNegotiatedProperty(JsaslProperties.ANONYMOUS_TRACE));
    }

    @Test
    void badTraceTokensAreProtocolErrorsThatDoNotEchoTheToken() throws Exception {
        byte[] badUtf8 = {'o', 'k', (byte) 0xc3, (byte) 0x28};
        byte[] overlong = {(byte) 0xc0, (byte) 0xaf};
        byte[] surrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
        Object[][] cases = {
                {msg("x".repeat(TraceToken.MAX_CODE_POINTS + 1)), "longer than 255"},
                {msg("\u00e9".repeat(TraceToken.MAX_CODE_POINTS + 1)), "longer than 255"},
                {new byte[64 * 1024], "longer than 255"},
                {badUtf8, "not valid UTF-8"},
                {overlong, "not valid UTF-8"},
                {surrogate, "not valid UTF-8"},
                {msg("tr\0ace"), "NUL"},
                {msg("trace\r\nFAKE"), "control character (U+000D)"},
                {msg("tab\there"), "control character (U+0009)"},
                {msg("del\u007f"), "control character (U+007F)"},
                {msg("c1\u0085"), "control character (U+0085)"},
                {msg("csi\u009b"), "control character (U+009B)"}};
        for (Object[] c : cases) {
            SaslServer s = server(named, Map.of(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE));
            SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse((byte[]) c[0]));
            assertFalse(e instanceof AuthenticationException, e.toString());
            assertTrue(e.getMessage().startsWith("ANONYMOUS: malformed trace token: "), e.getMessage());
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage() + " should say " + c[1]);
            assertFalse(e.getMessage().contains("trace\r") || e.getMessage().contains("FAKE")
                    || e.getMessage().contains("xxxx"), "the token is not echoed: " + e.getMessage());
            assertFalse(s.isComplete());
            assertThrows(IllegalStateException.class, () -> s.evaluateResponse(msg("ok")));
        }
    }

    @Test
    void theLongestTraceIsAcceptedInCodePointsNotBytes() throws Exception {
        String longest = "\ud83d\ude00".repeat(TraceToken.MAX_CODE_POINTS);
        SaslServer s = server(named, Map.of(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE));
        assertNull(s.evaluateResponse(msg(longest)), "255 four-byte characters");
        assertEquals(longest, s.getNegotiatedProperty(JsaslProperties.ANONYMOUS_TRACE));
    }

    @Test
    void theTraceIsLoggedQuotedAndCannotForgeALogLine() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Exchange.run(client("user@example.org"), server());
            assertTrue(log.text().contains("anonymous login for smtp, trace 'user@example.org'"), log.text());

            String forged = "x\r\nFAKE authenticated 'root' as 'root'";
            SaslServer s = server(named, Map.of(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE));
            assertThrows(SaslException.class, () -> s.evaluateResponse(msg(forged)));
            assertThrows(SaslException.class, () -> Exchange.run(client(forged), server()),
                    "our client refuses to send it too");
            log.assertNever("FAKE");
            for (String line : log.lines()) {
                assertFalse(line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0, line);
            }

            String longest = "y".repeat(TraceToken.MAX_CODE_POINTS);
            Exchange.run(client(longest), server());
            assertTrue(log.text().contains("trace '" + "y".repeat(64) + "...'"), "cut for the log: " + log.text());
            log.assertNever("y".repeat(65));
        }
    }
}
