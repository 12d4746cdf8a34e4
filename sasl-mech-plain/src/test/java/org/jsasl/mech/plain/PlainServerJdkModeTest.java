package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.SaslUnavailableException;
import org.jsasl.callback.PasswordVerifyCallback;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PLAIN through Sasl.createSaslServer with the application's CallbackHandler checking passwords. */
class PlainServerJdkModeTest {

    private static final MapCallbackHandler USERS = new MapCallbackHandler(
            Map.of("alice", "secret", "bob", "p\u00e4ss w\u00f6rd"), (authcid, authzid) -> authcid.equals("alice")
                    && authzid.equals("shared"), Set.of());

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static SaslServer server(CallbackHandler cbh) throws SaslException {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Map.of(), cbh);
        assertNotNull(s, "the JSASL provider offers PLAIN");
        return s;
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void initialResponseAuthenticates() throws Exception {
        SaslServer s = server(USERS);
        assertNull(s.evaluateResponse(msg("\0alice\0secret")));
        assertTrue(s.isComplete());
        assertEquals("alice", s.getAuthorizationID());
        assertEquals("auth", s.getNegotiatedProperty(Sasl.QOP));
    }

    @Test
    void withoutInitialResponseTheServerSendsAnEmptyChallenge() throws Exception {
        SaslServer s = server(USERS);
        assertArrayEquals(new byte[0], s.evaluateResponse(new byte[0]));
        assertFalse(s.isComplete());
        assertNull(s.evaluateResponse(msg("\0alice\0secret")));
        assertTrue(s.isComplete());
    }

    @Test
    void secondEmptyMessageIsMalformed() throws Exception {
        SaslServer s = server(USERS);
        s.evaluateResponse(new byte[0]);
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(new byte[0]));
        assertEquals("PLAIN: malformed message: empty message", e.getMessage());
    }

    @Test
    void zeroLengthInitialResponseIsMalformedNotNoInitialResponse() throws Exception {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "foo.example.com",
                Map.of(JsaslProperties.INITIAL_RESPONSE, "true"), USERS);
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(new byte[0]));
        assertEquals("PLAIN: malformed message: empty message", e.getMessage());
        assertFalse(e instanceof AuthenticationException, "a malformed message, not a rejected login");
        assertFalse(s.isComplete());
    }

    @Test
    void withTheInitialResponseFlagANonEmptyOneAuthenticates() throws Exception {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "foo.example.com",
                Map.of(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE), USERS);
        assertNull(s.evaluateResponse(msg("\0alice\0secret")));
        assertEquals("alice", s.getAuthorizationID());
    }

    @Test
    void nonAsciiCredentialsAreUtf8() throws Exception {
        SaslServer s = server(USERS);
        assertNull(s.evaluateResponse(msg("\0bob\0p\u00e4ss w\u00f6rd")));
        assertEquals("bob", s.getAuthorizationID());
    }

    @Test
    void wrongPasswordAndUnknownUserGiveTheSameAuthenticationException() throws Exception {
        SaslServer wrong = server(USERS);
        AuthenticationException a = assertThrows(AuthenticationException.class,
                () -> wrong.evaluateResponse(msg("\0alice\0Secret")));
        SaslServer unknown = server(USERS);
        AuthenticationException b = assertThrows(AuthenticationException.class,
                () -> unknown.evaluateResponse(msg("\0mallory\0secret")));
        assertEquals(a.getMessage(), b.getMessage());
        assertEquals("PLAIN: authentication failed", a.getMessage());
        assertFalse(wrong.isComplete(), "a failed exchange is not complete");
        assertFalse(a.getMessage().contains("Secret"));
    }

    @Test
    void authzidEqualToAuthcidOrEmptyIsTheUser() throws Exception {
        SaslServer s = server(USERS);
        s.evaluateResponse(msg("alice\0alice\0secret"));
        assertEquals("alice", s.getAuthorizationID());
    }

    @Test
    void differentAuthzidIsDecidedByAuthorizeCallback() throws Exception {
        SaslServer allowed = server(USERS);
        allowed.evaluateResponse(msg("shared\0alice\0secret"));
        assertEquals("shared", allowed.getAuthorizationID());
        SaslServer denied = server(USERS);
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> denied.evaluateResponse(msg("root\0alice\0secret")));
        assertEquals("PLAIN: 'alice' is not authorized to act as 'root'", e.getMessage());
    }

    @Test
    void handlerWithoutAuthorizeCallbackAllowsOnlyTheUserItself() throws Exception {
        MapCallbackHandler noAuthz = new MapCallbackHandler(Map.of("alice", "secret"), (a, b) -> true,
                Set.of(AuthorizeCallback.class));
        SaslServer own = server(noAuthz);
        own.evaluateResponse(msg("\0alice\0secret"));
        assertEquals("alice", own.getAuthorizationID());
        SaslServer other = server(noAuthz);
        assertThrows(AuthenticationException.class, () -> other.evaluateResponse(msg("root\0alice\0secret")));
    }

    @Test
    void verifyCallbackLetsTheHandlerCheckHashes() throws Exception {
        CallbackHandler verifying = callbacks -> {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback nc) {
                    name = nc.getName();
                } else if (cb instanceof PasswordVerifyCallback v) {
                    char[] guess = v.getPassword();
                    v.setVerified("carol".equals(name) && Arrays.equals(guess, "h4sh-checked".toCharArray()));
                    Arrays.fill(guess, '\0');
                } else if (cb instanceof AuthorizeCallback ac) {
                    ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID()));
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        };
        SaslServer ok = server(verifying);
        ok.evaluateResponse(msg("\0carol\0h4sh-checked"));
        assertEquals("carol", ok.getAuthorizationID());
        SaslServer bad = server(verifying);
        assertThrows(AuthenticationException.class, () -> bad.evaluateResponse(msg("\0carol\0guess")));
    }

    @Test
    void handlerIoFailureIsUnavailableNotRejected() throws Exception {
        CallbackHandler down = callbacks -> {
            throw new IOException("LDAP server down");
        };
        SaslServer s = server(down);
        SaslUnavailableException e = assertThrows(SaslUnavailableException.class,
                () -> s.evaluateResponse(msg("\0alice\0secret")));
        assertTrue(e.getMessage().contains("IOException"), e.getMessage());
    }

    @Test
    void handlerSupportingNoPasswordCallbackIsUnavailable() throws Exception {
        CallbackHandler useless = callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0]);
        };
        assertThrows(SaslUnavailableException.class, () -> server(useless).evaluateResponse(msg("\0alice\0secret")));
    }

    @Test
    void contractBeforeCompletion() throws Exception {
        SaslServer s = server(USERS);
        assertEquals("PLAIN", s.getMechanismName());
        assertThrows(IllegalStateException.class, s::getAuthorizationID);
        assertThrows(IllegalStateException.class, () -> s.getNegotiatedProperty(Sasl.QOP));
        assertThrows(IllegalStateException.class, () -> s.wrap(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> s.unwrap(new byte[1], 0, 1));
    }

    @Test
    void contractAfterCompletion() throws Exception {
        SaslServer s = server(USERS);
        s.evaluateResponse(msg("\0alice\0secret"));
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(msg("\0alice\0secret")));
        assertThrows(IllegalStateException.class, () -> s.wrap(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> s.unwrap(new byte[1], 0, 1));
        assertNull(s.getNegotiatedProperty("no.such.property"));
        s.dispose();
        s.dispose();
    }

    @Test
    void afterAFailureNoFurtherStepIsAccepted() throws Exception {
        SaslServer s = server(USERS);
        assertThrows(AuthenticationException.class, () -> s.evaluateResponse(msg("\0alice\0nope")));
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(msg("\0alice\0secret")));
        assertThrows(IllegalStateException.class, s::getAuthorizationID);
    }

    @Test
    void disposedServerRefusesToContinue() throws Exception {
        SaslServer s = server(USERS);
        s.evaluateResponse(new byte[0]);
        s.dispose();
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(msg("\0alice\0secret")));
    }

    @Test
    void nullCallbackHandlerInJdkModeIsAClearError() {
        SaslException e = assertThrows(SaslException.class,
                () -> Sasl.createSaslServer("PLAIN", "smtp", "host", Map.of(), null));
        assertTrue(e.getMessage().contains("CallbackHandler is required"));
    }

    @Test
    void theJdksOwnPlainClientTalksToOurServer() throws Exception {
        SaslClientFactory jdk = null;
        for (var e = Sasl.getSaslClientFactories(); e.hasMoreElements();) {
            SaslClientFactory f = e.nextElement();
            if (f.getClass().getName().startsWith("com.sun.security.sasl")
                    && Arrays.asList(f.getMechanismNames(Map.of())).contains("PLAIN")) {
                jdk = f;
            }
        }
        assertNotNull(jdk, "the JDK ships a PLAIN client");
        SaslClient client = jdk.createSaslClient(new String[] {"PLAIN"}, "shared", "smtp", "mail.example.com",
                Map.of(), Exchange.credentials("alice", "secret"));
        assertTrue(client.getClass().getName().startsWith("com.sun.security.sasl"));
        SaslServer s = server(USERS);
        Exchange.run(client, s);
        assertTrue(s.isComplete());
        assertEquals("shared", s.getAuthorizationID());
    }

    @Test
    void ourPlainClientTalksToOurServer() throws Exception {
        SaslClient client = Sasl.createSaslClient(new String[] {"PLAIN"}, null, "smtp", "mail.example.com",
                Map.of(), Exchange.credentials("bob", "p\u00e4ss w\u00f6rd"));
        SaslClientFactory ours = null;
        for (var e = Sasl.getSaslClientFactories(); e.hasMoreElements();) {
            SaslClientFactory f = e.nextElement();
            if (f.getClass().getName().startsWith("org.jsasl")) {
                ours = f;
            }
        }
        assertNotNull(ours);
        SaslClient ourClient = ours.createSaslClient(new String[] {"PLAIN"}, null, "smtp", "mail.example.com",
                Map.of(), Exchange.credentials("bob", "p\u00e4ss w\u00f6rd"));
        assertTrue(ourClient instanceof PlainSaslClient);
        assertTrue(ourClient.hasInitialResponse());
        SaslServer s = server(USERS);
        Exchange.run(ourClient, s);
        assertEquals("bob", s.getAuthorizationID());
        assertTrue(ourClient.isComplete());
        assertEquals("auth", ourClient.getNegotiatedProperty(Sasl.QOP));
        assertNotNull(client);
    }
}
