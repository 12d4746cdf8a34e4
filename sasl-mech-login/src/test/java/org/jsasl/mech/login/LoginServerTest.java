package org.jsasl.mech.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LOGIN as Cyrus 2.1.28 runs it, through Sasl.createSaslServer in JDK mode. */
class LoginServerTest {

    private static final MapCallbackHandler USERS = MapCallbackHandler.of(Map.of("testuser", "secret",
            "j\u00fcrgen", "gr\u00fc\u00dfe", "x".repeat(1024), "y".repeat(1024)));

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static SaslServer server(MapCallbackHandler cbh) throws SaslException {
        SaslServer s = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Map.of(), cbh);
        assertNotNull(s, "the JSASL provider offers LOGIN, which the JDK lacks");
        return s;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void challengesAreExactlyUsernameAndPasswordAsInTheGentooSession() throws Exception {
        SaslServer s = server(USERS);
        byte[] first = s.evaluateResponse(new byte[0]);
        assertArrayEquals(b("Username:"), first);
        assertEquals("VXNlcm5hbWU6", Base64.getEncoder().encodeToString(first));
        byte[] second = s.evaluateResponse(Base64.getDecoder().decode("dGVzdHVzZXI="));
        assertEquals("UGFzc3dvcmQ6", Base64.getEncoder().encodeToString(second));
        assertNull(s.evaluateResponse(Base64.getDecoder().decode("c2VjcmV0")));
        assertTrue(s.isComplete());
        assertEquals("testuser", s.getAuthorizationID());
    }

    @Test
    void nonEmptyInitialResponseIsTheUsername() throws Exception {
        SaslServer s = server(USERS);
        assertArrayEquals(b("Password:"), s.evaluateResponse(b("testuser")));
        assertNull(s.evaluateResponse(b("secret")));
        assertEquals("testuser", s.getAuthorizationID());
    }

    @Test
    void utf8NamesAndPasswords() throws Exception {
        SaslServer s = server(USERS);
        s.evaluateResponse(b("j\u00fcrgen"));
        s.evaluateResponse(b("gr\u00fc\u00dfe"));
        assertEquals("j\u00fcrgen", s.getAuthorizationID());
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSameRejection() throws Exception {
        SaslServer a = server(USERS);
        a.evaluateResponse(b("testuser"));
        String m1 = assertThrows(AuthenticationException.class, () -> a.evaluateResponse(b("wrong"))).getMessage();
        SaslServer c = server(USERS);
        c.evaluateResponse(b("nobody"));
        String m2 = assertThrows(AuthenticationException.class, () -> c.evaluateResponse(b("secret"))).getMessage();
        assertEquals("LOGIN: authentication failed", m1);
        assertEquals(m1, m2);
        assertFalse(a.isComplete());
    }

    @Test
    void fieldsOf1024BytesPassAnd1025AreRefused() throws Exception {
        SaslServer ok = server(USERS);
        ok.evaluateResponse(b("x".repeat(1024)));
        ok.evaluateResponse(b("y".repeat(1024)));
        assertTrue(ok.isComplete());

        SaslServer longName = server(USERS);
        SaslException e = assertThrows(SaslException.class, () -> longName.evaluateResponse(b("x".repeat(1025))));
        assertEquals("LOGIN: user name longer than 1024 bytes", e.getMessage());

        SaslServer longPassword = server(USERS);
        longPassword.evaluateResponse(b("testuser"));
        e = assertThrows(SaslException.class, () -> longPassword.evaluateResponse(b("y".repeat(1025))));
        assertEquals("LOGIN: password longer than 1024 bytes", e.getMessage());
    }

    @Test
    void nulInThePasswordIsRefusedNotTruncatedAsCyrusDoes() throws Exception {
        SaslServer s = server(USERS);
        s.evaluateResponse(b("testuser"));
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(b("secret\0junk")));
        assertEquals("LOGIN: password contains a NUL byte", e.getMessage());
        assertFalse(e instanceof AuthenticationException);
        assertFalse(s.isComplete());
    }

    @Test
    void nulInTheUsernameIsRefused() throws Exception {
        SaslServer s = server(USERS);
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(b("test\0user")));
        assertEquals("LOGIN: user name contains a NUL byte", e.getMessage());
    }

    @Test
    void emptyUsernameAfterThePromptStillAsksForThePasswordThenIsRejected() throws Exception {
        SaslServer s = server(USERS);
        assertArrayEquals(b("Username:"), s.evaluateResponse(new byte[0]));
        // Cyrus asks for the password too: the client's next line belongs to the exchange.
        assertArrayEquals(b("Password:"), s.evaluateResponse(new byte[0]));
        assertEquals("LOGIN: empty user name",
                assertThrows(AuthenticationException.class, () -> s.evaluateResponse(b("secret"))).getMessage());
        assertFalse(s.isComplete());
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(b("again")));
    }

    @Test
    void emptyUsernameIsRejectedWhateverThePasswordLineHolds() throws Exception {
        for (byte[] password : new byte[][] {b(""), b("x".repeat(2000)), b("a\0b")}) {
            SaslServer s = server(USERS);
            s.evaluateResponse(new byte[0]);
            s.evaluateResponse(new byte[0]);
            assertEquals("LOGIN: empty user name",
                    assertThrows(AuthenticationException.class, () -> s.evaluateResponse(password)).getMessage());
        }
    }

    @Test
    void emptyPasswordIsRejected() throws Exception {
        SaslServer p = server(USERS);
        p.evaluateResponse(b("testuser"));
        assertEquals("LOGIN: empty password",
                assertThrows(AuthenticationException.class, () -> p.evaluateResponse(new byte[0])).getMessage());
    }

    @Test
    void zeroLengthInitialResponseIsAnEmptyUsernameNotNoInitialResponse() throws Exception {
        for (Object flag : new Object[] {Boolean.TRUE, "true", "TRUE"}) {
            SaslServer s = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com",
                    Map.of(JsaslProperties.INITIAL_RESPONSE, flag), USERS);
            assertEquals("LOGIN: empty user name",
                    assertThrows(AuthenticationException.class, () -> s.evaluateResponse(new byte[0])).getMessage());
            assertFalse(s.isComplete());
        }
    }

    @Test
    void withTheInitialResponseFlagANonEmptyOneIsStillTheUsername() throws Exception {
        SaslServer s = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com",
                Map.of(JsaslProperties.INITIAL_RESPONSE, true), USERS);
        assertArrayEquals(b("Password:"), s.evaluateResponse(b("testuser")));
        assertNull(s.evaluateResponse(b("secret")));
        assertEquals("testuser", s.getAuthorizationID());
    }

    @Test
    void withoutTheFlagOrWithFalseAnEmptyFirstResponseMeansNoInitialResponse() throws Exception {
        for (Map<String, ?> props : java.util.List.of(Map.<String, Object>of(),
                Map.of(JsaslProperties.INITIAL_RESPONSE, false), Map.of(JsaslProperties.INITIAL_RESPONSE, "false"))) {
            SaslServer s = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", props, USERS);
            assertArrayEquals(b("Username:"), s.evaluateResponse(new byte[0]));
        }
    }

    @Test
    void anInitialResponseFlagThatIsNeitherTrueNorFalseIsRefused() {
        SaslException e = assertThrows(SaslException.class, () -> Sasl.createSaslServer("LOGIN", "smtp",
                "foo.example.com", Map.of(JsaslProperties.INITIAL_RESPONSE, "yes"), USERS));
        assertEquals("org.jsasl.initialResponse must be true or false", e.getMessage());
    }

    @Test
    void invalidUtf8UsernameIsRefused() throws Exception {
        SaslServer s = server(USERS);
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(new byte[] {'j', (byte) 0xfc}));
        assertEquals("LOGIN: user name is not valid UTF-8", e.getMessage());
    }

    @Test
    void nonUtf8PasswordIsPassedOnAndCannotMatchCleartextText() throws Exception {
        SaslServer s = server(MapCallbackHandler.of(Map.of("u", "p\u00e4ss")));
        s.evaluateResponse(b("u"));
        // Latin-1 bytes of the same text: not the UTF-8 a JDK-mode handler's cleartext stands for.
        assertThrows(AuthenticationException.class, () -> s.evaluateResponse(new byte[] {'p', (byte) 0xe4, 's', 's'}));
    }

    @Test
    void contractStates() throws Exception {
        SaslServer s = server(USERS);
        assertEquals("LOGIN", s.getMechanismName());
        assertThrows(IllegalStateException.class, s::getAuthorizationID);
        s.evaluateResponse(b("testuser"));
        s.evaluateResponse(b("secret"));
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(b("again")));
        assertThrows(IllegalStateException.class, () -> s.wrap(new byte[1], 0, 1));
        assertEquals("auth", s.getNegotiatedProperty(Sasl.QOP));
        s.dispose();
        s.dispose();
    }
}
