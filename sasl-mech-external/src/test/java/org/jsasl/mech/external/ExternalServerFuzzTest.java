package org.jsasl.mech.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FuzzUsers;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): arbitrary EXTERNAL client messages (the authorization identity; up to
 * three, with or without the initial-response flag) for an external identity the application gives
 * (one of a few, or fuzzed), in Cyrus mode (mech_list EXTERNAL, with or without a user realm, with or
 * without an AuthorizeCallback) and JDK mode (a CallbackHandler, with or without AuthorizeCallback).
 * The contract checked on every input, against a model of the proxy policy written here: the server
 * completes exactly when the requested identity is none, the external identity itself (in Cyrus mode
 * after white-space trimming and the user realm), or one the application's AuthorizeCallback allows
 * ({@link #MAY_ACT_AS}), and then reports the external identity as authenticated and the allowed one
 * as authorized, never another; a message over 1024 bytes, with NUL or not UTF-8 is a plain
 * SaslException, a refused identity an AuthenticationException; IllegalStateException once ended.
 * Regression inputs: {@code src/test/resources/org/jsasl/mech/external/ExternalServerFuzzTestInputs/}.
 */
class ExternalServerFuzzTest {

    /** The external identities the application may have established (a fuzzed one is added per input). */
    static final String[] IDENTITIES = {"alice", "bob@example.org", "CN=alice,O=Example", " u "};
    /** The application's rule for a different identity: only "shared", for everyone. */
    static final String SHARED = "shared";
    static final MapCallbackHandler MAY_ACT_AS = new MapCallbackHandler(Map.of(), (a, b) -> b.equals(SHARED),
            Set.of());
    /** A JDK-mode handler without AuthorizeCallback: the default policy (only oneself) applies. */
    static final MapCallbackHandler NO_AUTHORIZE = new MapCallbackHandler(Map.of(), (a, b) -> true,
            Set.of(AuthorizeCallback.class));

    static ServerContext cyrus;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        cyrus = FuzzUsers.cyrus("EXTERNAL");
    }

    @AfterAll
    static void tearDown() {
        cyrus.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void responses(FuzzedDataProvider data) throws Exception {
        boolean cyrusMode = data.consumeBoolean();
        boolean initialResponse = data.consumeBoolean();
        boolean withPolicy = data.consumeBoolean();
        String realm = data.consumeBoolean() ? "example.org" : null;
        int pick = data.consumeInt(0, IDENTITIES.length);
        String identity = pick < IDENTITIES.length ? IDENTITIES[pick] : data.consumeString(64);
        if (identity.isEmpty()) {
            identity = "x";
        }
        int count = data.consumeInt(1, 3);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            messages.add(data.consumeBytes(data.consumeInt(0, 1100)));
        }
        messages.add(data.consumeRemainingAsBytes());

        Map<String, Object> props = cyrusMode ? Exchange.cyrus(cyrus, realm) : new HashMap<>();
        props.put(JsaslProperties.EXTERNAL_IDENTITY, identity);
        if (initialResponse) {
            props.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        }
        CallbackHandler cbh = withPolicy ? MAY_ACT_AS : cyrusMode ? null : NO_AUTHORIZE;
        SaslServer server = JsaslProvider.serverFactory().createSaslServer("EXTERNAL", "smtp", "mail.example.com",
                props, cbh);
        assertNotNull(server);
        Model model = new Model(identity, cyrusMode, cyrusMode ? realm : null, withPolicy);
        exchange(server, messages, initialResponse, model);
    }

    /** What the server must do with one message: refuse it as malformed, refuse it, or grant an identity. */
    enum Kind { MALFORMED, REFUSED, GRANTED }

    /**
     * The model's verdict. A kind of its own, not a marker string: the fuzzer made the external
     * identity "malformed" once, which the target then took for the verdict (ExternalFuzzFindingsTest).
     */
    record Verdict(Kind kind, String granted) {
        static final Verdict MALFORMED = new Verdict(Kind.MALFORMED, null);
        static final Verdict REFUSED = new Verdict(Kind.REFUSED, null);

        static Verdict grant(String id) {
            return new Verdict(Kind.GRANTED, id);
        }
    }

    /** What the server must do with one authorization identity. */
    record Model(String identity, boolean cyrusMode, String realm, boolean withPolicy) {

        /** The verdict the proxy policy gives this message. */
        Verdict expect(byte[] message) {
            if (message.length > 1024 || indexOfNul(message) >= 0) {
                return Verdict.MALFORMED;
            }
            String authzid = strictUtf8(message);
            if (authzid == null) {
                return Verdict.MALFORMED;
            }
            if (authzid.isEmpty()) {
                return Verdict.grant(identity);
            }
            String target = authzid;
            if (cyrusMode) {
                // Cyrus canonicalises the requested identity (INTERNAL plugin), not the external one.
                target = trimSpace(authzid);
                if (target.isEmpty()) {
                    return Verdict.REFUSED;
                }
                if (realm != null && target.indexOf('@') < 0) {
                    target = target + "@" + realm;
                }
                if (target.getBytes(StandardCharsets.UTF_8).length > 1024) {
                    return Verdict.REFUSED;
                }
            }
            if (target.equals(identity)) {
                return Verdict.grant(identity);
            }
            return withPolicy && target.equals(SHARED) ? Verdict.grant(SHARED) : Verdict.REFUSED;
        }
    }

    /** Runs the messages through the server and checks the contract after each one. */
    static void exchange(SaslServer server, List<byte[]> messages, boolean initialResponse, Model model)
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
            Verdict expected = challengeExpected ? null : model.expect(message);
            byte[] challenge;
            try {
                challenge = server.evaluateResponse(message);
            } catch (SaslException e) {
                assertFalse(server.isComplete(), "a refused message never completes");
                if (expected == Verdict.MALFORMED) {
                    assertFalse(e instanceof AuthenticationException, "malformed, not refused: " + e);
                    assertTrue(e.getMessage().startsWith("EXTERNAL: malformed message: "), e.getMessage());
                } else if (expected == Verdict.REFUSED) {
                    assertInstanceOf(AuthenticationException.class, e, "a refused identity is a failed login");
                } else {
                    fail("refused an identity it must allow (" + expected + "): " + e);
                }
                ended = true;
                continue;
            }
            if (challengeExpected) {
                assertFalse(server.isComplete(), "no message yet");
                assertArrayEquals(new byte[0], challenge, "the only challenge is the empty one");
                continue;
            }
            assertTrue(server.isComplete(), "a message is answered by completion or refusal");
            assertNull(challenge, "EXTERNAL completes without a final challenge");
            assertEquals(Kind.GRANTED, expected.kind(), "completed where the policy refuses");
            assertEquals(model.identity(), server.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY),
                    "the authenticated identity is the external one");
            assertEquals(expected.granted(), server.getAuthorizationID(), "only the allowed authorization identity");
            ended = true;
        }
    }

    static String strictUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Trims C isspace() characters at both ends, as Cyrus' INTERNAL canon_user plugin does. */
    static String trimSpace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && " \t\n\r\u000b\f".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && " \t\n\r\u000b\f".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }
}
