package org.jsasl.mech.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslUnavailableException;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.CallbackAuthenticator;
import org.jsasl.server.SaslLog;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EXTERNAL through jsasl's server factory, with the application's CallbackHandler deciding proxying. */
class ExternalJdkModeTest {

    private static final String IDENTITY = "CN=alice,O=Example";
    /** Lets the external identity act as "shared" only. */
    private static final MapCallbackHandler POLICY = new MapCallbackHandler(Map.of(),
            (authcid, authzid) -> authcid.equals(IDENTITY) && authzid.equals("shared"), Set.of());

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static Map<String, Object> props(Object identity) {
        Map<String, Object> props = new HashMap<>();
        props.put(JsaslProperties.EXTERNAL_IDENTITY, identity);
        return props;
    }

    static SaslServer server(Map<String, ?> props, CallbackHandler cbh) throws SaslException {
        return JsaslProvider.serverFactory().createSaslServer("EXTERNAL", "smtp", "mail.example.com", props, cbh);
    }

    static SaslServer server() throws SaslException {
        SaslServer s = server(props(IDENTITY), POLICY);
        assertInstanceOf(ExternalSaslServer.class, s);
        return s;
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyInitialResponseActsAsTheExternalIdentity() throws Exception {
        Map<String, Object> props = props(IDENTITY);
        props.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        SaslServer s = server(props, POLICY);
        assertNull(s.evaluateResponse(new byte[0]));
        assertTrue(s.isComplete());
        assertEquals(IDENTITY, s.getAuthorizationID());
        assertEquals("auth", s.getNegotiatedProperty(Sasl.QOP));
    }

    @Test
    void withoutInitialResponseTheServerSendsAnEmptyChallenge() throws Exception {
        SaslServer s = server();
        assertArrayEquals(new byte[0], s.evaluateResponse(new byte[0]));
        assertFalse(s.isComplete());
        assertNull(s.evaluateResponse(new byte[0]));
        assertEquals(IDENTITY, s.getAuthorizationID());
    }

    @Test
    void theOwnIdentityAsAuthzidIsAllowed() throws Exception {
        SaslServer s = server();
        s.evaluateResponse(msg(IDENTITY));
        assertEquals(IDENTITY, s.getAuthorizationID());
    }

    @Test
    void anotherIdentityNeedsTheAuthorizeCallback() throws Exception {
        SaslServer allowed = server();
        allowed.evaluateResponse(msg("shared"));
        assertEquals("shared", allowed.getAuthorizationID());
        SaslServer refused = server();
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> refused.evaluateResponse(msg("root")));
        assertEquals("EXTERNAL: 'CN=alice,O=Example' is not authorized to act as 'root'", e.getMessage());
        MapCallbackHandler noAuthorizeCallback = new MapCallbackHandler(Map.of(), (a, b) -> true,
                Set.of(AuthorizeCallback.class));
        SaslServer unsupported = server(props(IDENTITY), noAuthorizeCallback);
        assertThrows(AuthenticationException.class, () -> unsupported.evaluateResponse(msg("shared")));
        SaslServer own = server(props(IDENTITY), noAuthorizeCallback);
        own.evaluateResponse(new byte[0]);
        own.evaluateResponse(new byte[0]);
        assertEquals(IDENTITY, own.getAuthorizationID(), "the default policy allows the identity itself");
    }

    @Test
    void handlerIoFailureIsUnavailable() throws Exception {
        CallbackHandler down = callbacks -> {
            throw new java.io.IOException("policy store down");
        };
        assertThrows(SaslUnavailableException.class, () -> server(props(IDENTITY), down).evaluateResponse(msg("x")));
    }

    @Test
    void malformedMessagesAreClearErrors() throws Exception {
        byte[] badUtf8 = {'a', (byte) 0xff};
        byte[] overlong = {(byte) 0xc0, (byte) 0xaf};
        List<Object[]> cases = List.of(
                new Object[] {msg("sha\0red"), "NUL"},
                new Object[] {msg("\0"), "NUL"},
                new Object[] {badUtf8, "not valid UTF-8"},
                new Object[] {overlong, "not valid UTF-8"},
                new Object[] {msg("a".repeat(ExternalSaslServer.MAX_AUTHZID_BYTES + 1)), "longer than 1024"},
                new Object[] {new byte[1 << 20], "longer than 1024"});
        for (Object[] c : cases) {
            SaslServer s = server();
            SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse((byte[]) c[0]));
            assertFalse(e instanceof AuthenticationException, e.toString());
            assertTrue(e.getMessage().startsWith("EXTERNAL: malformed message: ") && e.getMessage().contains(
                    (String) c[1]), e.getMessage());
            assertThrows(IllegalStateException.class, () -> s.evaluateResponse(new byte[0]));
        }
        SaslServer longest = server(props(IDENTITY), (callbacks) -> ((AuthorizeCallback) callbacks[0])
                .setAuthorized(true));
        longest.evaluateResponse(msg("\u00e9".repeat(ExternalSaslServer.MAX_AUTHZID_BYTES / 2)));
        assertTrue(longest.isComplete());
    }

    @Test
    void withoutAnIdentityItIsNeitherOfferedNorMade() throws Exception {
        SaslServerFactory f = JsaslProvider.serverFactory();
        assertFalse(Arrays.asList(f.getMechanismNames(Map.of())).contains("EXTERNAL"));
        assertTrue(Arrays.asList(f.getMechanismNames(props(IDENTITY))).contains("EXTERNAL"));
        assertNull(server(Map.of(), POLICY));
        assertNull(server(props(""), POLICY));
        assertThrows(SaslException.class, () -> server(props(42), POLICY), "an identity must be a String");
        ServerSession bare = new ServerSession("smtp", "h", new CallbackAuthenticator(POLICY),
                SaslLog.of(ExternalJdkModeTest.class, 1));
        SaslException e = assertThrows(SaslException.class, () -> new ExternalMechanism().createServer(bare));
        assertTrue(e.getMessage().contains("no external identity"), e.getMessage());
    }

    @Test
    void policiesItSatisfiesAndOnesItDoesNot() {
        SaslServerFactory f = JsaslProvider.serverFactory();
        Map<String, Object> strict = props(IDENTITY);
        strict.put(Sasl.POLICY_NOPLAINTEXT, "true");
        strict.put(Sasl.POLICY_NOANONYMOUS, "true");
        strict.put(Sasl.POLICY_NODICTIONARY, "true");
        assertTrue(Arrays.asList(f.getMechanismNames(strict)).contains("EXTERNAL"));
        strict.put(Sasl.POLICY_NOACTIVE, "true");
        assertFalse(Arrays.asList(f.getMechanismNames(strict)).contains("EXTERNAL"));
    }

    @Test
    void ourClientTalksToOurServer() throws Exception {
        SaslClient c = JsaslClients.create("EXTERNAL", "shared", Map.of(), POLICY);
        assertInstanceOf(ExternalSaslClient.class, c);
        assertTrue(c.hasInitialResponse());
        SaslServer s = server();
        Exchange.run(c, s);
        assertEquals("shared", s.getAuthorizationID());
        assertTrue(c.isComplete());
        assertEquals("auth", c.getNegotiatedProperty(Sasl.QOP));
        assertThrows(IllegalStateException.class, () -> c.evaluateChallenge(new byte[0]));
    }

    @Test
    void theJdksClientTalksToOurServer() throws Exception {
        SaslClient jdk = Sasl.createSaslClient(new String[] {"EXTERNAL"}, null, "smtp", "mail.example.com", Map.of(),
                null);
        assertTrue(jdk.getClass().getName().startsWith("com.sun.security.sasl"), jdk.getClass().getName());
        // The JDK's client sends an empty initial response (no authzid), which the protocol marks as sent.
        Map<String, Object> p = props(IDENTITY);
        p.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        SaslServer s = server(p, POLICY);
        Exchange.run(jdk, s);
        assertEquals(IDENTITY, s.getAuthorizationID());
    }

    @Test
    void clientAnswersTheEmptyChallengeAndRefusesAnythingElse() throws Exception {
        SaslClient c = new ExternalMechanism().createClient(new org.jsasl.mech.ClientSession(null, "smtp", "h", null));
        assertThrows(IllegalStateException.class, () -> c.getNegotiatedProperty(Sasl.QOP));
        assertThrows(IllegalStateException.class, () -> c.wrap(new byte[1], 0, 1));
        assertArrayEquals(new byte[0], c.evaluateChallenge(null));
        SaslClient picky = new ExternalMechanism().createClient(new org.jsasl.mech.ClientSession("x", "smtp", "h",
                null));
        assertThrows(SaslException.class, () -> picky.evaluateChallenge(msg("surprise")));
        assertThrows(SaslException.class, () -> new ExternalMechanism().createClient(
                new org.jsasl.mech.ClientSession("a\0b", "smtp", "h", null)));
        SaslClient disposed = new ExternalMechanism().createClient(new org.jsasl.mech.ClientSession(null, "smtp", "h",
                null));
        disposed.dispose();
        assertThrows(IllegalStateException.class, () -> disposed.evaluateChallenge(new byte[0]));
    }

    @Test
    void noStepAfterCompletionOrFailure() throws Exception {
        SaslServer done = server();
        done.evaluateResponse(msg("shared"));
        assertThrows(IllegalStateException.class, () -> done.evaluateResponse(new byte[0]));
        assertThrows(IllegalStateException.class, () -> done.unwrap(new byte[1], 0, 1));
        done.dispose();
        assertEquals("shared", done.getAuthorizationID());
        SaslServer failed = server();
        assertThrows(AuthenticationException.class, () -> failed.evaluateResponse(msg("root")));
        assertThrows(IllegalStateException.class, () -> failed.evaluateResponse(msg("shared")));
        assertThrows(IllegalStateException.class, failed::getAuthorizationID);
    }
}
