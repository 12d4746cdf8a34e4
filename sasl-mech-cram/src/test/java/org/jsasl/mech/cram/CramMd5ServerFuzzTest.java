package org.jsasl.mech.cram;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
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
 * Fuzz target (issue 13): CRAM-MD5 responses to the server's challenge, in Cyrus mode (memory
 * auxprop) and JDK mode (a CallbackHandler). A response is either fuzzed bytes or built here as
 * {@code name SP hexdigest} for a fuzzed choice of name (a known user or fuzzed text) and password
 * (the user's stored one, another user's or fuzzed text), with the digest computed by the JDK's
 * HmacMD5 over the challenge actually sent, in lower or upper case, so that accepts are exercised.
 * The contract checked on every input: the server completes only when the response's digest is
 * HMAC-MD5(stored password, challenge) of the user it reports, that user being the one the response
 * names (after Cyrus' white-space trim in Cyrus mode); a built response with a known user's exact
 * name and stored password always completes; an initial response is refused; a completed exchange
 * answers null; only SaslException subclasses escape while it runs, IllegalStateException once it has
 * ended; no exception message shows a stored password. Regression inputs:
 * {@code src/test/resources/org/jsasl/mech/cram/CramMd5ServerFuzzTestInputs/}.
 */
class CramMd5ServerFuzzTest {

    static final String SECRET = FuzzUsers.SECRET;
    static final Map<String, String> USERS = FuzzUsers.USERS;
    /** The users in a fixed order, for the fuzzer's choice. */
    static final List<String> NAMES = USERS.keySet().stream().sorted().toList();

    static ServerContext cyrus;
    static MapCallbackHandler jdk;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        cyrus = FuzzUsers.cyrus("CRAM-MD5");
        jdk = FuzzUsers.jdk();
    }

    @AfterAll
    static void tearDown() {
        cyrus.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void responses(FuzzedDataProvider data) throws Exception {
        boolean cyrusMode = data.consumeBoolean();
        // jsasl's factory itself: Sasl.createSaslServer would pick the JDK's own CRAM-MD5 server first.
        SaslServer server = cyrusMode
                ? JsaslProvider.serverFactory().createSaslServer("CRAM-MD5", "smtp", "mail.example.com",
                        Exchange.cyrus(cyrus, null), null)
                : JsaslProvider.serverFactory().createSaslServer("CRAM-MD5", "smtp", "mail.example.com", Map.of(), jdk);
        assertNotNull(server);
        if (data.consumeBoolean()) {
            // A client-first attempt: CRAM-MD5 starts with the server's challenge.
            byte[] initial = data.consumeBytes(data.consumeInt(1, 1100));
            if (initial.length > 0) {
                SaslException e = assertThrows(SaslException.class, () -> server.evaluateResponse(initial));
                assertNoSecret(e);
                assertFalse(server.isComplete());
                assertThrows(IllegalStateException.class, () -> server.evaluateResponse(new byte[0]));
                return;
            }
        }
        byte[] challenge = server.evaluateResponse(new byte[0]);
        assertFalse(server.isComplete());
        assertWellFormedChallenge(challenge);

        boolean built = data.consumeBoolean();
        byte[] response;
        boolean mustAccept = false;
        if (built) {
            int pick = data.consumeInt(0, NAMES.size());
            String name = pick < NAMES.size() ? NAMES.get(pick) : data.consumeString(80);
            int pw = data.consumeInt(0, 2);
            String password = switch (pw) {
                case 0 -> USERS.getOrDefault(name, "");
                case 1 -> USERS.get(NAMES.get(data.consumeInt(0, NAMES.size() - 1)));
                default -> data.consumeString(40);
            };
            String hex = HexFormat.of().formatHex(hmacMd5(password.getBytes(StandardCharsets.UTF_8), challenge));
            if (data.consumeBoolean()) {
                hex = hex.toUpperCase(java.util.Locale.ROOT);
            }
            response = (name + " " + hex).getBytes(StandardCharsets.UTF_8);
            mustAccept = password.equals(USERS.get(name)) && !password.isEmpty();
        } else {
            response = data.consumeBytes(data.consumeInt(0, 1100));
        }
        byte[] after = data.consumeRemainingAsBytes();

        byte[] last;
        try {
            last = server.evaluateResponse(response);
        } catch (SaslException e) {
            assertFalse(server.isComplete(), "a refused response never completes");
            assertFalse(mustAccept, "refused a correct response: " + e);
            assertNoSecret(e);
            assertThrows(IllegalStateException.class, () -> server.evaluateResponse(after));
            return;
        }
        assertTrue(server.isComplete(), "one response ends the exchange");
        assertNull(last, "CRAM-MD5 completes without a final challenge");
        assertAccepted(server, response, challenge, cyrusMode);
        assertThrows(IllegalStateException.class, () -> server.evaluateResponse(after));
    }

    /** A completed exchange: the digest is HMAC-MD5(stored password, challenge) of the user the response names. */
    static void assertAccepted(SaslServer server, byte[] response, byte[] challenge, boolean cyrusMode) {
        String authcid = (String) server.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY);
        assertEquals(authcid, server.getAuthorizationID(), "CRAM-MD5 has no authorization identity");
        String stored = USERS.get(authcid);
        if (stored == null) {
            fail("accepted an unknown user");
        }
        int space = response.length - 1;
        while (space >= 0 && response[space] != ' ') {
            space--;
        }
        assertTrue(space > 0 && response.length - space - 1 == 32, "an accepted response is name SP 32 hex digits");
        String name = new String(response, 0, space, StandardCharsets.UTF_8);
        assertEquals(authcid, cyrusMode ? trimSpace(name) : name, "the authenticated user is the one named");
        byte[] digest = HexFormat.of().parseHex(new String(response, space + 1, 32, StandardCharsets.US_ASCII));
        assertArrayEquals(hmacMd5(stored.getBytes(StandardCharsets.UTF_8), challenge), digest,
                "accepted only with the digest of the stored password");
    }

    /** RFC 2195: the challenge is a msg-id, {@code <...>}, of printable ASCII. */
    static void assertWellFormedChallenge(byte[] challenge) {
        assertTrue(challenge.length > 2 && challenge[0] == '<' && challenge[challenge.length - 1] == '>',
                "the challenge is <...>");
        for (byte b : challenge) {
            assertTrue(b > 0x20 && b < 0x7f, "the challenge is printable ASCII");
        }
    }

    /** No stored password in an exception message: CRAM-MD5's refusals never quote the client's bytes. */
    static void assertNoSecret(SaslException e) {
        String message = e.getMessage();
        if (message == null) {
            return;
        }
        for (String password : USERS.values()) {
            if (password.length() >= 4) {
                assertFalse(message.contains(password), "an exception message shows a stored password");
            }
        }
    }

    static byte[] hmacMd5(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            // An empty key is no valid SecretKeySpec; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacMD5"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
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
