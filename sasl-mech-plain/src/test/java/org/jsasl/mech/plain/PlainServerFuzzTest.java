package org.jsasl.mech.plain;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.PasswordSaslServer;
import org.jsasl.server.SaslLog;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FuzzUsers;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): arbitrary PLAIN client messages, in Cyrus mode (memory auxprop) and JDK
 * mode (a CallbackHandler). The contract checked on every input: the server completes only when the
 * accepted message carries the stored password of the user it reports; a completed exchange answers
 * null; only SaslException subclasses escape while the exchange runs, and IllegalStateException once
 * it has ended; no exception message shows a stored password. The per-input bound is the
 * {@link Timeout} below, which Jazzer turns into libFuzzer's {@code -timeout} when fuzzing.
 * Regression inputs: {@code src/test/resources/org/jsasl/mech/plain/PlainServerFuzzTestInputs/}.
 */
class PlainServerFuzzTest {

    static final String SECRET = FuzzUsers.SECRET;
    static final Map<String, String> USERS = FuzzUsers.USERS;

    static ServerContext cyrus;
    static MapCallbackHandler jdk;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        cyrus = FuzzUsers.cyrus("PLAIN");
        jdk = FuzzUsers.jdk();
    }

    @AfterAll
    static void tearDown() {
        cyrus.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void serverMessages(FuzzedDataProvider data) throws Exception {
        boolean cyrusMode = data.consumeBoolean();
        int count = data.consumeInt(1, 3);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            messages.add(data.consumeBytes(data.consumeInt(0, 3200)));
        }
        messages.add(data.consumeRemainingAsBytes());
        SaslServer server = cyrusMode
                ? Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Exchange.cyrus(cyrus, null), null)
                : Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Map.of(), jdk);
        assertNotNull(server);
        exchange(server, messages);
    }

    /** Runs the messages through the server and checks the contract after each one. */
    static void exchange(SaslServer server, List<byte[]> messages) throws Exception {
        boolean ended = false;
        for (byte[] message : messages) {
            if (ended) {
                assertThrows(IllegalStateException.class, () -> server.evaluateResponse(message),
                        "an ended exchange refuses further messages with IllegalStateException");
                continue;
            }
            byte[] challenge;
            try {
                challenge = server.evaluateResponse(message);
            } catch (SaslException e) {
                // Any SaslException subclass is the contract (malformed, refused, unavailable, ...).
                assertFalse(server.isComplete(), "a refused message never completes");
                assertNoSecret(e.getMessage(), messages);
                ended = true;
                continue;
            }
            if (server.isComplete()) {
                assertNull(challenge, "PLAIN completes without a final challenge");
                assertAccepted(server, message);
                ended = true;
            } else {
                assertArrayEquals(new byte[0], challenge, "PLAIN's only challenge is the empty one");
            }
        }
    }

    /** A completed exchange: the message's password field is the authenticated user's stored password. */
    static void assertAccepted(SaslServer server, byte[] message) {
        String authcid = (String) server.getNegotiatedProperty(PasswordSaslServer.AUTHCID_PROPERTY);
        String stored = USERS.get(authcid);
        if (stored == null) {
            fail("accepted an unknown user");
        }
        int first = indexOf(message, 0);
        int second = indexOf(message, first + 1);
        assertTrue(first >= 0 && second > first && indexOf(message, second + 1) < 0,
                "an accepted message has exactly two NULs");
        assertArrayEquals(stored.getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(message, second + 1, message.length),
                "accepted only with the stored password");
        // White space around the name is trimmed, as Cyrus' INTERNAL canonicalisation does (a fuzzing
        // finding: "u " + spaces authenticates as "u"; see PlainFuzzFindingsTest).
        assertEquals(authcid, trimSpace(new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8)),
                "the authenticated user is the one the message names");
    }

    /**
     * No stored password in an exception message, unless the client itself put it in an identity.
     * An identity is shown through {@link SaslLog#quote}, whose {@code \xNN} escapes can spell the
     * password out of other bytes (a fuzzing finding: "\x0c" + "0rrect..." reads "c0rrect..."), so
     * the identities are compared as quoted, trimmed or not.
     */
    static void assertNoSecret(String exceptionMessage, List<byte[]> messages) {
        if (exceptionMessage == null || !exceptionMessage.contains(SECRET)) {
            return;
        }
        for (byte[] m : messages) {
            int second = indexOf(m, indexOf(m, 0) + 1);
            String identities = new String(m, 0, second < 0 ? m.length : second, StandardCharsets.UTF_8);
            for (String identity : identities.split("\0", -1)) {
                if (identity.contains(SECRET) || SaslLog.quote(identity).contains(SECRET)
                        || SaslLog.quote(trimSpace(identity)).contains(SECRET)) {
                    return;
                }
            }
        }
        fail("an exception message shows the stored password");
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

    static int indexOf(byte[] b, int from) {
        if (from < 0) {
            return -1;
        }
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
