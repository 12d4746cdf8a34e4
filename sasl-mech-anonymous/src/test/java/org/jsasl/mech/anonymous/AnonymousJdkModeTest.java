package org.jsasl.mech.anonymous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ANONYMOUS through jsasl's server factory in JDK mode: {@code CallbackAuthenticator} keeps the
 * default {@code anonymous}, which accepts without asking the handler and offers no trace property.
 */
class AnonymousJdkModeTest {

    /** Counts every call, proving that an anonymous login never asks the application. */
    static final AtomicInteger ASKED = new AtomicInteger();
    static final CallbackHandler COUNTING = callbacks -> {
        ASKED.incrementAndGet();
        throw new UnsupportedCallbackException(callbacks[0]);
    };

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static SaslServer server(Map<String, ?> props) throws SaslException {
        return JsaslProvider.serverFactory().createSaslServer("ANONYMOUS", "smtp", "mail.example.com", props,
                COUNTING);
    }

    static SaslClient client(String trace) throws SaslException {
        SaslClient c = JsaslClients.create("ANONYMOUS", null, Map.of(JsaslProperties.ANONYMOUS_TRACE, trace),
                cbs -> { });
        assertInstanceOf(AnonymousSaslClient.class, c);
        return c;
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void madeWhenAskedForByNameButNeverListed() throws Exception {
        SaslServerFactory f = JsaslProvider.serverFactory();
        assertFalse(Arrays.asList(f.getMechanismNames(Map.of())).contains("ANONYMOUS"));
        assertInstanceOf(AnonymousSaslServer.class, server(Map.of()));
        assertNull(server(Map.of(Sasl.POLICY_NOANONYMOUS, "true")), "the noanonymous policy removes it");
        assertInstanceOf(AnonymousSaslServer.class, server(Map.of(Sasl.POLICY_NOPLAINTEXT, "true")));
        assertNull(server(Map.of(Sasl.POLICY_NODICTIONARY, "true")));
        assertThrows(SaslException.class, () -> f.createSaslServer("ANONYMOUS", "smtp", "h", Map.of(), null),
                "JDK mode needs a CallbackHandler");
    }

    @Test
    void acceptsAsAnonymousWithoutAskingTheHandler() throws Exception {
        int before = ASKED.get();
        try (LogCapture log = new LogCapture()) {
            SaslServer s = server(Map.of());
            Exchange.run(client("sirhc"), s);
            assertTrue(s.isComplete());
            assertEquals("anonymous", s.getAuthorizationID());
            assertNull(s.getNegotiatedProperty(JsaslProperties.ANONYMOUS_TRACE), "JDK mode keeps no trace");
            log.assertNever("sirhc");
        }
        assertEquals(before, ASKED.get());
    }

    @Test
    void theJdkHasNoAnonymousClientSoSaslPicksOurs() throws Exception {
        for (var e = Sasl.getSaslClientFactories(); e.hasMoreElements();) {
            SaslClientFactory f = e.nextElement();
            if (f.getClass().getName().startsWith("com.sun.security.sasl")) {
                assertNull(f.createSaslClient(new String[] {"ANONYMOUS"}, null, "smtp", "h", Map.of(), cbs -> { }),
                        f.getClass().getName());
            }
        }
        SaslClient c = Sasl.createSaslClient(new String[] {"ANONYMOUS"}, null, "smtp", "mail.example.com",
                Map.of(JsaslProperties.ANONYMOUS_TRACE, "sirhc"), cbs -> { });
        assertInstanceOf(AnonymousSaslClient.class, c);
        SaslServer s = server(Map.of());
        Exchange.run(c, s);
        assertEquals("anonymous", s.getAuthorizationID());
    }

    @Test
    void theRfc4505ExampleAsRawMessages() throws Exception {
        // RFC 4505 section 4: an empty challenge, then the trace "sirhc".
        SaslServer s = server(Map.of());
        assertEquals(0, s.evaluateResponse(new byte[0]).length);
        assertNull(s.evaluateResponse(msg("sirhc")));
        assertEquals("anonymous", s.getAuthorizationID());
    }

    @Test
    void clientTraceFromThePropertyTheNameCallbackOrEmpty() throws Exception {
        assertEquals("a@b.example", new String(client("a@b.example").evaluateChallenge(new byte[0]),
                StandardCharsets.UTF_8));
        CallbackHandler named = cbs -> ((NameCallback) cbs[0]).setName("from-callback");
        SaslClient c = JsaslClients.create("ANONYMOUS", null, Map.of(), named);
        assertTrue(c.hasInitialResponse());
        assertEquals("from-callback", new String(c.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8));
        SaslClient refusing = JsaslClients.create("ANONYMOUS", null, Map.of(), cbs -> {
            throw new UnsupportedCallbackException(cbs[0]);
        });
        assertEquals(0, refusing.evaluateChallenge(new byte[0]).length);
        assertTrue(refusing.isComplete());
        assertEquals("auth", refusing.getNegotiatedProperty(Sasl.QOP));
        SaslClient failing = JsaslClients.create("ANONYMOUS", null, Map.of(), cbs -> {
            throw new IOException("down");
        });
        assertThrows(SaslException.class, () -> failing.evaluateChallenge(new byte[0]));
    }

    @Test
    void clientRefusesBadTracesAndChallenges() throws Exception {
        assertThrows(SaslException.class, () -> client("x".repeat(256)).evaluateChallenge(new byte[0]));
        assertThrows(SaslException.class, () -> client("bell\u0007").evaluateChallenge(new byte[0]));
        assertThrows(SaslException.class, () -> client("lone\ud800").evaluateChallenge(new byte[0]));
        SaslClient wrongType = JsaslClients.create("ANONYMOUS", null, Map.of(JsaslProperties.ANONYMOUS_TRACE, 42),
                cbs -> { });
        assertThrows(SaslException.class, () -> wrongType.evaluateChallenge(new byte[0]));
        assertThrows(SaslException.class, () -> client("t").evaluateChallenge(msg("unexpected")));
        SaslClient done = client("t");
        done.evaluateChallenge(new byte[0]);
        assertThrows(IllegalStateException.class, () -> done.evaluateChallenge(new byte[0]));
        assertThrows(IllegalStateException.class, () -> done.wrap(new byte[1], 0, 1));
        SaslClient disposed = client("t");
        assertThrows(IllegalStateException.class, () -> disposed.getNegotiatedProperty(Sasl.QOP));
        disposed.dispose();
        assertThrows(IllegalStateException.class, () -> disposed.evaluateChallenge(new byte[0]));
    }

    @Test
    void serverContract() throws Exception {
        SaslServer s = server(Map.of());
        assertEquals("ANONYMOUS", s.getMechanismName());
        assertThrows(IllegalStateException.class, s::getAuthorizationID);
        assertThrows(IllegalStateException.class, () -> s.wrap(new byte[1], 0, 1));
        s.evaluateResponse(msg("t"));
        assertThrows(IllegalStateException.class, () -> s.evaluateResponse(msg("t")));
        assertThrows(IllegalStateException.class, () -> s.unwrap(new byte[1], 0, 1));
        SaslServer bad = server(Map.of(JsaslProperties.INITIAL_RESPONSE, "true"));
        SaslException e = assertThrows(SaslException.class, () -> bad.evaluateResponse(msg("a\nb")));
        assertFalse(e instanceof AuthenticationException);
        assertThrows(IllegalStateException.class, bad::getAuthorizationID);
        SaslServer disposed = server(Map.of());
        disposed.dispose();
        assertThrows(IllegalStateException.class, () -> disposed.evaluateResponse(msg("t")));
    }
}
