package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.SaslAccountDisabledException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.mech.PasswordSaslServer;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLAIN through Sasl.createSaslServer with passwords checked by a Cyrus smtpd.conf. */
class PlainServerCyrusModeTest {

    private static final String SECRET = "c0rrect-h0rse-unique";

    @TempDir
    static Path dir;
    static Path conf;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "# test smtpd.conf\n"
                + "pwcheck_method: testusers\n"
                + "mech_list: LOGIN PLAIN\n"
                + "log_level: 7\n"
                + "testusers: alice=" + SECRET + " bob@example.org=" + SECRET + " carol=x dora=" + SECRET + "\n"
                + "testusers_down: carol\n"
                + "testusers_disabled: dora\n");
    }

    static SaslServer server(Map<String, ?> props, CallbackHandler cbh) throws SaslException {
        return Sasl.createSaslServer("PLAIN", "smtp", "Mail.Example.COM", props, cbh);
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void configPathAsStringOrPathAuthenticates() throws Exception {
        for (Object config : new Object[] {conf, conf.toString()}) {
            SaslServer s = server(Exchange.cyrus(config, null), null);
            assertNull(s.evaluateResponse(msg("\0alice\0" + SECRET)));
            assertEquals("alice", s.getAuthorizationID());
            assertEquals("/home/alice", s.getNegotiatedProperty("org.jsasl.test.home"),
                    "account properties from the verifier are negotiated properties");
            assertEquals("alice", s.getNegotiatedProperty(PasswordSaslServer.AUTHCID_PROPERTY));
        }
    }

    @Test
    void aDisabledAccountIsSaslAccountDisabledOnlyWithItsRightPassword() throws Exception {
        SaslServer right = server(Exchange.cyrus(conf, null), null);
        SaslAccountDisabledException e = assertThrows(SaslAccountDisabledException.class,
                () -> right.evaluateResponse(msg("\0dora\0" + SECRET)));
        assertFalse(e.getMessage().contains(SECRET));
        assertFalse(right.isComplete());
        SaslServer wrong = server(Exchange.cyrus(conf, null), null);
        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> wrong.evaluateResponse(msg("\0dora\0wrong")));
        assertFalse(refused instanceof SaslAccountDisabledException, "a wrong password says nothing of the account");
    }

    @Test
    void serverContextObjectIsSharedAsIs() throws Exception {
        try (ServerContext ctx = ServerContext.load(conf)) {
            SaslServer s = server(Exchange.cyrus(ctx, null), null);
            s.evaluateResponse(msg("\0alice\0" + SECRET));
            assertTrue(s.isComplete());
        }
    }

    @Test
    void wrongPasswordIsAuthenticationException() throws Exception {
        SaslServer s = server(Exchange.cyrus(conf, null), null);
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> s.evaluateResponse(msg("\0alice\0wrong")));
        assertEquals("PLAIN: authentication failed", e.getMessage());
    }

    @Test
    void backendDownIsSaslUnavailableException() throws Exception {
        SaslServer s = server(Exchange.cyrus(conf, null), null);
        SaslUnavailableException e = assertThrows(SaslUnavailableException.class,
                () -> s.evaluateResponse(msg("\0carol\0x")));
        assertTrue(e.getMessage().contains("test backend is down"), e.getMessage());
    }

    @Test
    void realmPropertyIsAppendedToBareNames() throws Exception {
        SaslServer s = server(Exchange.cyrus(conf, "example.org"), null);
        s.evaluateResponse(msg("\0bob\0" + SECRET));
        assertEquals("bob@example.org", s.getAuthorizationID());
    }

    @Test
    void differentAuthzidIsRefusedUnlessTheCallbackAllowsIt() throws Exception {
        SaslServer refused = server(Exchange.cyrus(conf, null), null);
        assertThrows(AuthenticationException.class, () -> refused.evaluateResponse(msg("root\0alice\0" + SECRET)));
        CallbackHandler allow = cbs -> ((AuthorizeCallback) cbs[0]).setAuthorized(true);
        SaslServer allowed = server(Exchange.cyrus(conf, null), allow);
        allowed.evaluateResponse(msg("root\0alice\0" + SECRET));
        assertEquals("root", allowed.getAuthorizationID());
    }

    @Test
    void mechListAndPolicyDecideWhatIsOffered() throws Exception {
        Path only = dir.resolve("login-only.conf");
        Files.writeString(only, "pwcheck_method: testusers\nmech_list: login\n");
        assertNull(server(Exchange.cyrus(only, null), null), "PLAIN is not in mech_list");
        Map<String, Object> noPlain = Exchange.cyrus(conf, null);
        noPlain.put(Sasl.POLICY_NOPLAINTEXT, Boolean.TRUE);
        assertNull(server(noPlain, null));
        String[] names = factory().getMechanismNames(Exchange.cyrus(conf, null));
        assertEquals("[PLAIN]", java.util.Arrays.toString(names), "LOGIN is listed but not on this class path");
    }

    @Test
    void brokenConfigurationIsASaslExceptionNamingFileAndLine() throws Exception {
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "pwcheck_method: testusers\nmech_list = PLAIN\n");
        SaslException e = assertThrows(SaslException.class, () -> server(Exchange.cyrus(broken, null), null));
        assertTrue(e.getMessage().contains(broken + ":2: mech_list"), e.getMessage());
        assertEquals(0, factory().getMechanismNames(Exchange.cyrus(broken, null)).length);
        assertThrows(SaslException.class, () -> server(Map.of(JsaslProperties.CONFIG, 42), null));
    }

    @Test
    void noPasswordInAnyLogOrExceptionAtLogLevelSeven() throws Exception {
        try (LogCapture log = new LogCapture()) {
            server(Exchange.cyrus(conf, null), null).evaluateResponse(msg("\0alice\0" + SECRET));
            for (String bad : new String[] {"\0alice\0" + SECRET + "x", "\0nobody\0" + SECRET, "\0carol\0" + SECRET,
                    "\0alice\0" + SECRET + "\0", "x\0alice\0" + SECRET}) {
                SaslException e = assertThrows(SaslException.class,
                        () -> server(Exchange.cyrus(conf, null), null).evaluateResponse(msg(bad)));
                assertTrue(!String.valueOf(e.getMessage()).contains(SECRET), e.getMessage());
            }
            assertTrue(log.text().contains("authentication failed for 'alice'"), log.text());
            log.assertNever(SECRET);
        }
    }

    private static javax.security.sasl.SaslServerFactory factory() {
        for (var e = Sasl.getSaslServerFactories(); e.hasMoreElements();) {
            var f = e.nextElement();
            if (f.getClass().getName().startsWith("org.jsasl")) {
                return f;
            }
        }
        throw new AssertionError("no JSASL factory");
    }

    @Test
    void factoryIsFoundThroughTheProvider() {
        assertNotNull(factory());
        assertSame(factory(), factory(), "one shared factory instance");
    }
}
