package org.jsasl.pwcheck.saslauthd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.pwcheck.unix.FuzzPeer;
import org.jsasl.server.CanonicalUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): {@link SaslauthdVerifier} against a fake saslauthd ({@link FuzzPeer})
 * that answers with fuzzed bytes and closes; user (with or without {@code @realm}), password and
 * service fuzzed too. The contract checked on every input, against a model written here: a field
 * with a control character, or fields over 8162 bytes in all, are rejected before anything is
 * sent; otherwise the request is the four counted strings (login, password, service, realm split
 * at the last {@code @}) and the reply, a 16-bit big-endian count and that many bytes, is accepted
 * (no properties) exactly when the count is at least 2, all its bytes came, and the text is
 * {@code OK} alone or followed by a space; rejected (never as disabled) exactly for {@code NO}
 * alone or followed by a space; anything else (short, garbage, a reply over 1025 bytes) is
 * unavailable. Bytes after the counted text do not matter, except that a reply over the limit may
 * be read whole before the client sees its count is complete (then unavailable), so both verdicts
 * are allowed there. Never an exception; no password in the result's toString or a cause's message.
 * Bounded: the peer closes after its reply; the verifier's timeouts (1 s here) cover the rest.
 * Regression inputs: {@code src/test/resources/org/jsasl/pwcheck/saslauthd/SaslauthdReplyFuzzTestInputs/}.
 */
class SaslauthdReplyFuzzTest {

    static final String SECRET = "c0rrect-h0rse-peer";
    static final String[] SERVICES = {"smtp", "imap", "", "sieve"};
    static final int MAX_REPLY = 2 + 1023;
    static final DaemonTimeouts BOUNDS = new DaemonTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    static FuzzPeer peer;
    static SaslauthdVerifier verifier;

    @BeforeAll
    static void setUp() throws Exception {
        peer = new FuzzPeer();
        verifier = new SaslauthdVerifier(peer.socket(), BOUNDS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        peer.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void replies(FuzzedDataProvider data) throws Exception {
        String user = switch (data.consumeInt(0, 2)) {
            case 0 -> "alice";
            case 1 -> "alice@example.org";
            default -> data.consumeString(40);
        };
        String password = data.consumeBoolean() ? SECRET : data.consumeString(40);
        String service = data.pickValue(SERVICES);
        byte[] reply = data.consumeRemainingAsBytes();
        int at = user.lastIndexOf('@');
        byte[] login = (at < 0 ? user : user.substring(0, at)).getBytes(StandardCharsets.UTF_8);
        byte[] realm = (at < 0 ? "" : user.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] svc = service.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        boolean sent = login.length + pw.length + svc.length + realm.length <= 8162;
        for (byte[] field : new byte[][] {login, pw, svc, realm}) {
            sent &= !hasControl(field);
            request.write(field.length >> 8);
            request.write(field.length);
            request.write(field);
        }
        peer.answer(request.size(), reply);

        VerifyResult result;
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            result = verifier.verify(new VerifyRequest(new CanonicalUser(user, user, ""), p, service));
        }
        assertNotNull(result);
        if (password.length() >= 8 && !peer.socket().toString().contains(password)) {
            assertFalse(result.toString().contains(password), "the result shows the password");
            if (result instanceof VerifyResult.Unavailable u) {
                for (Throwable t = u.cause(); t != null; t = t.getCause()) {
                    assertTrue(t.getMessage() == null || !t.getMessage().contains(password),
                            "a cause shows the password");
                }
            }
        }
        if (!sent) {
            assertInstanceOf(VerifyResult.Rejected.class, result, "refused before sending");
            assertFalse(((VerifyResult.Rejected) result).accountDisabled());
            return;
        }
        assertArrayEquals(request.toByteArray(), peer.request(), "the request is four counted strings");
        String expected = model(reply);
        boolean whole = reply.length >= 2 && reply.length >= 2 + count(reply);
        if (reply.length > MAX_REPLY) {
            // Read whole in one go: over the limit. Read in pieces: the counted text may complete
            // first, and then its verdict stands (only possible when that text fits the limit).
            String inPieces = whole && 2 + count(reply) <= MAX_REPLY ? expected : "unavailable";
            if (!kind(result).equals("unavailable")) {
                assertEquals(inPieces, kind(result), "a reply over the limit");
            }
        } else {
            assertEquals(expected, kind(result));
        }
        if (result instanceof VerifyResult.Accepted a) {
            assertEquals(Map.of(), a.properties(), "saslauthd gives no properties");
        }
        if (result instanceof VerifyResult.Rejected r) {
            assertFalse(r.accountDisabled(), "saslauthd never says disabled");
        }
    }

    static int count(byte[] reply) {
        return ((reply[0] & 0xff) << 8) | (reply[1] & 0xff);
    }

    /** The verdict of a reply read whole: OK / NO alone or followed by a space, in a complete counted string. */
    static String model(byte[] reply) {
        if (reply.length < 2 || count(reply) < 2 || reply.length < 2 + count(reply)) {
            return "unavailable";
        }
        String text = new String(reply, 2, count(reply), StandardCharsets.ISO_8859_1);
        if (text.equals("OK") || text.startsWith("OK ")) {
            return "accepted";
        }
        if (text.equals("NO") || text.startsWith("NO ")) {
            return "rejected";
        }
        return "unavailable";
    }

    static String kind(VerifyResult r) {
        if (r instanceof VerifyResult.Accepted) {
            return "accepted";
        }
        return r instanceof VerifyResult.Rejected ? "rejected" : "unavailable";
    }

    static boolean hasControl(byte[] b) {
        for (byte x : b) {
            if ((x & 0xff) < 0x20) {
                return true;
            }
        }
        return false;
    }
}
