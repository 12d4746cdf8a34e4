package org.jsasl.mech.cram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslUnavailableException;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CRAM-MD5 through jsasl's server factory with the application's CallbackHandler handing out
 * cleartext passwords, as the JDK's own CRAM-MD5 server asks for them.
 */
class CramMd5JdkModeTest {

    private static final String SECRET = "tanstaaf-unique-s3cret";
    private static final MapCallbackHandler USERS = MapCallbackHandler.of(Map.of("tim", SECRET,
            "j\u00fcrgen", "p\u00e4ss w\u00f6rd", "john doe", "x", "empty", ""));

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static SaslServer server(Map<String, ?> props, CallbackHandler cbh) throws SaslException {
        SaslServer s = JsaslProvider.serverFactory().createSaslServer("CRAM-MD5", "smtp", "mail.example.com", props,
                cbh);
        assertInstanceOf(CramMd5SaslServer.class, s, "jsasl's server, not the JDK's");
        return s;
    }

    static SaslServer server() throws SaslException {
        return server(Map.of(), USERS);
    }

    static SaslClient client(String name, String password) throws SaslException {
        SaslClient c = JsaslClients.create("CRAM-MD5", null, Map.of(), Exchange.credentials(name, password));
        assertInstanceOf(CramMd5SaslClient.class, c);
        return c;
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The response {@code name} would send to {@code challenge} with {@code password}. */
    static byte[] answer(String name, String password, byte[] challenge) throws SaslException {
        return client(name, password).evaluateChallenge(challenge);
    }

    @Test
    void ourClientAndServerAuthenticate() throws Exception {
        SaslServer s = server();
        SaslClient c = client("tim", SECRET);
        Exchange.run(c, s);
        assertTrue(s.isComplete());
        assertTrue(c.isComplete());
        assertEquals("tim", s.getAuthorizationID());
        assertEquals("auth", s.getNegotiatedProperty(Sasl.QOP));
        assertEquals("auth", c.getNegotiatedProperty(Sasl.QOP));
    }

    @Test
    void theChallengeNamesTheServer() throws Exception {
        String challenge = new String(server().evaluateResponse(new byte[0]), StandardCharsets.UTF_8);
        assertTrue(challenge.matches("<[0-9]+\\.[0-9]+@mail\\.example\\.com>"), challenge);
    }

    @Test
    void nonAsciiNamesAndPasswordsAreUtf8AndNamesMayHoldSpaces() throws Exception {
        SaslServer s = server();
        Exchange.run(client("j\u00fcrgen", "p\u00e4ss w\u00f6rd"), s);
        assertEquals("j\u00fcrgen", s.getAuthorizationID());
        SaslServer spaced = server();
        Exchange.run(client("john doe", "x"), spaced);
        assertEquals("john doe", spaced.getAuthorizationID(), "split at the last space");
    }

    @Test
    void theJdksClientTalksToOurServer() throws Exception {
        SaslClient jdk = Sasl.createSaslClient(new String[] {"CRAM-MD5"}, null, "smtp", "mail.example.com", Map.of(),
                Exchange.credentials("tim", SECRET));
        assertTrue(jdk.getClass().getName().startsWith("com.sun.security.sasl"), jdk.getClass().getName());
        SaslServer s = server();
        Exchange.run(jdk, s);
        assertEquals("tim", s.getAuthorizationID());
    }

    @Test
    void ourClientTalksToTheJdksServer() throws Exception {
        SaslServerFactory jdk = null;
        for (var e = Sasl.getSaslServerFactories(); e.hasMoreElements();) {
            SaslServerFactory f = e.nextElement();
            if (f.getClass().getName().startsWith("com.sun.security.sasl")
                    && Arrays.asList(f.getMechanismNames(Map.of())).contains("CRAM-MD5")) {
                jdk = f;
            }
        }
        assertNotNull(jdk, "the JDK ships a CRAM-MD5 server");
        SaslServer s = jdk.createSaslServer("CRAM-MD5", "smtp", "mail.example.com", Map.of(), USERS);
        Exchange.run(client("j\u00fcrgen", "p\u00e4ss w\u00f6rd"), s);
        assertTrue(s.isComplete());
        assertEquals("j\u00fcrgen", s.getAuthorizationID());
    }

    @Test
    void wrongPasswordAndUnknownUserGiveTheSameAuthenticationException() throws Exception {
        SaslServer wrong = server();
        AuthenticationException a = assertThrows(AuthenticationException.class,
                () -> Exchange.run(client("tim", SECRET + "x"), wrong));
        SaslServer unknown = server();
        AuthenticationException b = assertThrows(AuthenticationException.class,
                () -> Exchange.run(client("mallory", SECRET), unknown));
        assertEquals("CRAM-MD5: authentication failed", a.getMessage());
        assertEquals(a.getMessage(), b.getMessage());
        assertFalse(wrong.isComplete());
    }

    @Test
    void anEmptyStoredPasswordNeverAuthenticates() throws Exception {
        SaslServer s = server();
        assertThrows(AuthenticationException.class, () -> Exchange.run(client("empty", ""), s));
    }

    @Test
    void handlerIoFailureIsUnavailableNotRejected() throws Exception {
        CallbackHandler down = callbacks -> {
            throw new IOException("LDAP server down");
        };
        SaslServer s = server(Map.of(), down);
        SaslUnavailableException e = assertThrows(SaslUnavailableException.class,
                () -> Exchange.run(client("tim", SECRET), s));
        assertTrue(e.getMessage().contains("IOException"), e.getMessage());
    }

    @Test
    void handlerWithoutPasswordCallbackIsUnavailable() throws Exception {
        MapCallbackHandler noPasswords = new MapCallbackHandler(Map.of("tim", SECRET), (a, b) -> false,
                Set.of(PasswordCallback.class));
        assertThrows(SaslUnavailableException.class,
                () -> Exchange.run(client("tim", SECRET), server(Map.of(), noPasswords)));
    }

    @Test
    void anInitialResponseIsAProtocolErrorNotARejection() throws Exception {
        byte[] response = answer("tim", SECRET, msg(Rfc2195VectorTest.CHALLENGE));
        SaslServer s = server();
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(response));
        assertFalse(e instanceof AuthenticationException, e.toString());
        assertTrue(e.getMessage().contains("initial response"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(new byte[0]));
        SaslServer flagged = server(Map.of(JsaslProperties.INITIAL_RESPONSE, "true"), USERS);
        SaslException empty = assertThrows(SaslException.class, () -> flagged.evaluateResponse(new byte[0]));
        assertFalse(empty instanceof AuthenticationException);
    }

    @Test
    void malformedResponsesAreClearErrorsAndNeverReachTheBackend() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CallbackHandler counting = callbacks -> {
            asked.incrementAndGet();
            USERS.handle(callbacks);
        };
        String digest = "b913a602c7eda7a495b4e6e7334d3890";
        byte[] badUtf8 = msg("xx " + digest);
        badUtf8[0] = (byte) 0xc3;
        badUtf8[1] = (byte) 0x28;
        List<Object[]> cases = List.of(
                new Object[] {new byte[0], "empty response"},
                new Object[] {msg("tim"), "no space"},
                new Object[] {msg("tim" + digest), "no space"},
                new Object[] {msg(" " + digest), "empty user name"},
                new Object[] {msg("tim "), "32 hex digits"},
                new Object[] {msg("tim " + digest.substring(1)), "32 hex digits"},
                new Object[] {msg("tim " + digest + "0"), "32 hex digits"},
                new Object[] {msg("tim " + digest + " "), "32 hex digits"},
                new Object[] {msg("tim " + digest.substring(2) + "zz"), "not hexadecimal"},
                new Object[] {msg("tim " + digest.substring(2) + "-1"), "not hexadecimal"},
                new Object[] {msg("tim " + digest.substring(2) + "\u00e9"), "not hexadecimal"},
                new Object[] {msg("ti\0m " + digest), "NUL"},
                new Object[] {msg("tim\r\n " + digest), "NUL"},
                new Object[] {badUtf8, "not valid UTF-8"},
                new Object[] {msg("a".repeat(CramMd5SaslServer.MAX_USERNAME_BYTES + 1) + " " + digest), "longer than"},
                new Object[] {new byte[64 * 1024], "longer than"});
        for (Object[] c : cases) {
            assertMalformed(counting, (byte[]) c[0], (String) c[1]);
        }
        assertEquals(0, asked.get(), "no lookup for a malformed response");
        // The longest allowed name is still parsed and looked up.
        SaslServer s = server(Map.of(), counting);
        s.evaluateResponse(new byte[0]);
        assertThrows(AuthenticationException.class, () -> s.evaluateResponse(
                msg("a".repeat(CramMd5SaslServer.MAX_USERNAME_BYTES) + " " + digest)));
        assertEquals(1, asked.get());
    }

    private static void assertMalformed(CallbackHandler cbh, byte[] response, String expected) throws Exception {
        SaslServer s = server(Map.of(), cbh);
        s.evaluateResponse(new byte[0]);
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(response));
        assertFalse(e instanceof AuthenticationException, e.toString());
        assertTrue(e.getMessage().startsWith("CRAM-MD5: malformed response: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should say " + expected);
        assertFalse(s.isComplete());
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(msg("tim 0")));
    }

    @Test
    void contractBeforeCompletion() throws Exception {
        SaslServer s = server();
        assertEquals("CRAM-MD5", s.getMechanismName());
        assertThrows(IllegalStateException.class, s::getAuthorizationID);
        assertThrows(IllegalStateException.class, () -> s.getNegotiatedProperty(Sasl.QOP));
        assertThrows(IllegalStateException.class, () -> s.wrap(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> s.unwrap(new byte[1], 0, 1));
    }

    @Test
    void noStepAfterCompletionFailureOrDispose() throws Exception {
        SaslServer done = server();
        Exchange.run(client("tim", SECRET), done);
        assertThrows(IllegalStateException.class, () -> done.evaluateResponse(new byte[0]));
        assertThrows(IllegalStateException.class, () -> done.wrap(new byte[1], 0, 1));
        assertNull(done.getNegotiatedProperty("no.such.property"));
        done.dispose();
        done.dispose();
        assertEquals("tim", done.getAuthorizationID(), "a completed exchange keeps its identity after dispose");

        SaslServer failed = server();
        assertThrows(AuthenticationException.class, () -> Exchange.run(client("tim", "nope"), failed));
        assertThrows(IllegalStateException.class, () -> failed.evaluateResponse(new byte[0]));
        assertThrows(IllegalStateException.class, failed::getAuthorizationID);

        SaslServer disposed = server();
        byte[] challenge = disposed.evaluateResponse(new byte[0]);
        disposed.dispose();
        byte[] response = answer("tim", SECRET, challenge);
        assertThrows(IllegalStateException.class, () -> disposed.evaluateResponse(response));
    }

    @Test
    void aResponseAnswersOnlyItsOwnChallenge() throws Exception {
        SaslServer first = server();
        byte[] response = answer("tim", SECRET, first.evaluateResponse(new byte[0]));
        SaslServer second = server();
        second.evaluateResponse(new byte[0]);
        assertThrows(AuthenticationException.class, () -> second.evaluateResponse(response), "no replay");
        assertNull(first.evaluateResponse(response));
    }

    @Test
    void clientRefusesAnEmptyChallengeAndASecondOne() throws Exception {
        SaslClient c = client("tim", SECRET);
        assertThrows(IllegalStateException.class, () -> c.getNegotiatedProperty(Sasl.QOP));
        SaslException e = assertThrows(SaslException.class, () -> c.evaluateChallenge(new byte[0]));
        assertTrue(e.getMessage().contains("empty challenge"), e.getMessage());
        SaslClient done = client("tim", SECRET);
        done.evaluateChallenge(msg(Rfc2195VectorTest.CHALLENGE));
        assertThrows(IllegalStateException.class, () -> done.evaluateChallenge(msg(Rfc2195VectorTest.CHALLENGE)));
        done.dispose();
    }

    @Test
    void clientWhoseHandlerFailsIsASaslException() throws Exception {
        CallbackHandler refusing = callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0]);
        };
        SaslClient c = JsaslClients.create("CRAM-MD5", null, Map.of(), refusing);
        assertThrows(SaslException.class, () -> c.evaluateChallenge(msg(Rfc2195VectorTest.CHALLENGE)));
        SaslClient nameless = JsaslClients.create("CRAM-MD5", null, Map.of(), Exchange.credentials("", SECRET));
        assertThrows(SaslException.class, () -> nameless.evaluateChallenge(msg(Rfc2195VectorTest.CHALLENGE)));
    }

    @Test
    void offeredInJdkModeUnlessThePolicyAsksForMore() {
        SaslServerFactory f = JsaslProvider.serverFactory();
        assertTrue(Arrays.asList(f.getMechanismNames(Map.of())).contains("CRAM-MD5"));
        assertTrue(Arrays.asList(f.getMechanismNames(Map.of(Sasl.POLICY_NOPLAINTEXT, "true",
                Sasl.POLICY_NOANONYMOUS, "true"))).contains("CRAM-MD5"));
        assertFalse(Arrays.asList(f.getMechanismNames(Map.of(Sasl.POLICY_NODICTIONARY, "true"))).contains("CRAM-MD5"));
        assertFalse(Arrays.asList(f.getMechanismNames(Map.of(Sasl.POLICY_NOACTIVE, "true"))).contains("CRAM-MD5"));
    }

    @Test
    void noPasswordInAnyExceptionOrLog() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Exchange.run(client("tim", SECRET), server());
            for (String[] bad : new String[][] {{"tim", SECRET + "x"}, {"mallory", SECRET}, {"tim", SECRET.substring(1)}}) {
                SaslException e = assertThrows(SaslException.class, () -> Exchange.run(client(bad[0], bad[1]), server()));
                assertFalse(String.valueOf(e.getMessage()).contains(SECRET.substring(1)), e.getMessage());
            }
            CallbackHandler down = callbacks -> {
                throw new IOException("down");
            };
            assertThrows(SaslUnavailableException.class, () -> Exchange.run(client("tim", SECRET), server(Map.of(),
                    down)));
            log.assertNever(SECRET.substring(1));
        }
    }
}
