package org.jsasl.mech.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * Fuzz target (issue 13): arbitrary LOGIN client messages (initial response or not, up to four), in
 * Cyrus mode (memory auxprop) and JDK mode (a CallbackHandler). The contract checked on every input:
 * the only challenges are {@code Username:} and {@code Password:}; the server completes only when the
 * message answering {@code Password:} is the stored password of the user named by the message that
 * got {@code Password:}; a completed exchange answers null; only SaslException subclasses escape while
 * the exchange runs, and IllegalStateException once it has ended; no exception message shows a stored
 * password. The per-input bound is the {@link Timeout} below (libFuzzer's {@code -timeout} when
 * fuzzing). Regression inputs: {@code src/test/resources/org/jsasl/mech/login/LoginServerFuzzTestInputs/}.
 */
class LoginServerFuzzTest {

    static final String SECRET = FuzzUsers.SECRET;
    static final Map<String, String> USERS = FuzzUsers.USERS;

    static ServerContext cyrus;
    static MapCallbackHandler jdk;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        cyrus = FuzzUsers.cyrus("LOGIN");
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
        int count = data.consumeInt(1, 4);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            messages.add(data.consumeBytes(data.consumeInt(0, 1100)));
        }
        messages.add(data.consumeRemainingAsBytes());
        SaslServer server = cyrusMode
                ? Sasl.createSaslServer("LOGIN", "smtp", "mail.example.com", Exchange.cyrus(cyrus, null), null)
                : Sasl.createSaslServer("LOGIN", "smtp", "mail.example.com", Map.of(), jdk);
        assertNotNull(server);
        exchange(server, messages);
    }

    /** Runs the messages through the server and checks the contract after each one. */
    static void exchange(SaslServer server, List<byte[]> messages) throws Exception {
        boolean ended = false;
        byte[] named = null;
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
                assertFalse(server.isComplete(), "a refused message never completes");
                assertNoSecret(e.getMessage(), named);
                ended = true;
                continue;
            }
            if (server.isComplete()) {
                assertNull(challenge, "LOGIN completes without a final challenge");
                assertAccepted(server, named, message);
                ended = true;
            } else if (Arrays.equals(challenge, LoginSaslServer.PASSWORD_CHALLENGE)) {
                named = message;
            } else if (!Arrays.equals(challenge, LoginSaslServer.USERNAME_CHALLENGE)) {
                fail("LOGIN challenged with something other than Username: or Password:");
            }
        }
    }

    /** A completed exchange: the user named before Password: and their stored password, exactly. */
    static void assertAccepted(SaslServer server, byte[] named, byte[] password) {
        if (named == null) {
            fail("completed without having asked for a password");
        }
        String authcid = (String) server.getNegotiatedProperty(PasswordSaslServer.AUTHCID_PROPERTY);
        String stored = USERS.get(authcid);
        if (stored == null) {
            fail("accepted an unknown user");
        }
        // White space around the name is trimmed, as Cyrus' INTERNAL canonicalisation does.
        assertEquals(authcid, trimSpace(new String(named, StandardCharsets.UTF_8)),
                "the authenticated user is the one the client named");
        assertArrayEquals(stored.getBytes(StandardCharsets.UTF_8), password, "accepted only with the stored password");
    }

    /**
     * No stored password in an exception message, unless the client itself sent it in the user name
     * (compared as {@link SaslLog#quote} shows it too: its {@code \xNN} escapes can spell it).
     */
    static void assertNoSecret(String exceptionMessage, byte[] named) {
        if (exceptionMessage == null || !exceptionMessage.contains(SECRET)) {
            return;
        }
        if (named != null) {
            String name = new String(named, StandardCharsets.UTF_8);
            if (name.contains(SECRET) || SaslLog.quote(name).contains(SECRET)
                    || SaslLog.quote(trimSpace(name)).contains(SECRET)) {
                return;
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
}
