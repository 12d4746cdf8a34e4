package org.jsasl.mech.anonymous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.server.Authenticator;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FuzzUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): arbitrary ANONYMOUS client messages (up to three, with or without the
 * initial-response flag), in Cyrus mode (mech_list ANONYMOUS) and JDK mode (a CallbackHandler that
 * must never be asked). The contract checked on every input, against a model of RFC 4505's rules
 * written here independently of {@link TraceToken}: a trace of at most 255 code points of strict UTF-8
 * without control characters (C0, DEL, C1) completes as {@link Authenticator#ANONYMOUS_ID}, with the
 * trace as a property in Cyrus mode (JDK mode keeps none); any other is refused with a plain
 * SaslException (not an AuthenticationException) that says why in fixed words without quoting it; an
 * empty first message without the flag gets the empty challenge; nothing else escapes, and
 * IllegalStateException once the exchange has ended. The per-input bound is the {@link Timeout}
 * below. Regression inputs:
 * {@code src/test/resources/org/jsasl/mech/anonymous/AnonymousServerFuzzTestInputs/}.
 */
class AnonymousServerFuzzTest {

    /** JDK mode: ANONYMOUS needs no callback, so a call is a contract failure seen in the test. */
    static final CallbackHandler NEVER = callbacks -> {
        throw new UnsupportedCallbackException(callbacks[0], "ANONYMOUS asked the handler");
    };

    static ServerContext cyrus;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        cyrus = FuzzUsers.cyrus("ANONYMOUS");
    }

    @AfterAll
    static void tearDown() {
        cyrus.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void traces(FuzzedDataProvider data) throws Exception {
        boolean cyrusMode = data.consumeBoolean();
        boolean initialResponse = data.consumeBoolean();
        int count = data.consumeInt(1, 3);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            messages.add(data.consumeBytes(data.consumeInt(0, 1100)));
        }
        messages.add(data.consumeRemainingAsBytes());
        Map<String, Object> props = cyrusMode ? Exchange.cyrus(cyrus, null) : new HashMap<>();
        if (initialResponse) {
            props.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        }
        SaslServer server = JsaslProvider.serverFactory().createSaslServer("ANONYMOUS", "smtp", "mail.example.com",
                props, cyrusMode ? null : NEVER);
        assertNotNull(server);
        exchange(server, messages, initialResponse, cyrusMode);
    }

    /** Runs the messages through the server and checks the contract after each one. */
    static void exchange(SaslServer server, List<byte[]> messages, boolean initialResponse, boolean cyrusMode)
            throws Exception {
        boolean ended = false;
        boolean first = true;
        for (byte[] message : messages) {
            if (ended) {
                assertThrows(IllegalStateException.class, () -> server.evaluateResponse(message),
                        "an ended exchange refuses further messages with IllegalStateException");
                continue;
            }
            boolean challengeExpected = first && !initialResponse && message.length == 0;
            first = false;
            String expected = challengeExpected ? null : validTrace(message);
            byte[] challenge;
            try {
                challenge = server.evaluateResponse(message);
            } catch (AuthenticationException e) {
                fail("ANONYMOUS refuses a trace as malformed, never as a failed login: " + e.getMessage());
                return;
            } catch (SaslException e) {
                assertFalse(server.isComplete(), "a refused message never completes");
                assertTrue(!challengeExpected && expected == null, "refused a valid trace: " + e.getMessage());
                assertTrue(e.getMessage().startsWith("ANONYMOUS: malformed trace token: "), e.getMessage());
                assertNoEcho(e.getMessage());
                ended = true;
                continue;
            }
            if (challengeExpected) {
                assertFalse(server.isComplete(), "no trace yet");
                assertArrayEquals(new byte[0], challenge, "the only challenge is the empty one");
                continue;
            }
            assertNotNull(expected, "accepted a trace that breaks the rules");
            assertTrue(server.isComplete(), "a valid trace completes");
            assertNull(challenge, "ANONYMOUS completes without a final challenge");
            assertEquals(Authenticator.ANONYMOUS_ID, server.getAuthorizationID(), "only ever the anonymous identity");
            assertEquals(Authenticator.ANONYMOUS_ID,
                    server.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY));
            // Cyrus mode's authenticator logs the trace and keeps it as a property; JDK mode keeps none.
            assertEquals(cyrusMode ? expected : null, server.getNegotiatedProperty(JsaslProperties.ANONYMOUS_TRACE));
            ended = true;
        }
    }

    /** The model: the trace these bytes carry when RFC 4505 and the no-control rule allow it, else null. */
    static String validTrace(byte[] message) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (s.codePointCount(0, s.length()) > 255) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return null;
            }
        }
        return s;
    }

    /**
     * The refusal says why in fixed words and does not quote the token (which could forge a log
     * line): the reason is one of the known ones, with at most the offending code point's number.
     */
    static void assertNoEcho(String exceptionMessage) {
        String why = exceptionMessage.substring("ANONYMOUS: malformed trace token: ".length());
        assertTrue(why.matches("longer than 255 characters|not valid UTF-8|contains NUL|not valid UTF-16 text"
                + "|contains a control character \\(U\\+[0-9A-F]{4}\\)"), "an unexpected refusal: " + exceptionMessage);
    }
}
