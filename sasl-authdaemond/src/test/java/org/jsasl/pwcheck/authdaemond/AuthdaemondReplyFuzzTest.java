package org.jsasl.pwcheck.authdaemond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Fuzz target (issue 13): {@link AuthdaemondVerifier} against a fake authdaemond ({@link FuzzPeer})
 * that answers the request with fuzzed bytes and closes. The user, password and service are fuzzed
 * too. The contract checked on every input, against a model written here from the protocol
 * (courier-authdaemond-protocol.md) and the verifier's documented rules: a user, password or
 * service with a control character, or too long a request, is rejected before anything is sent;
 * otherwise the request is exactly {@code AUTH <n>\nservice\nlogin\nuser\npassword\n}, and the
 * verdict is decided by the first line that is exactly {@code .} (accepted, with the KEY=VALUE
 * fields before it as properties, never PASSWD or PASSWD2; rejected as disabled when OPTIONS say
 * {@code disable<service>=1}) or {@code FAIL} (rejected), anything else being unavailable, as is a
 * reply over 8191 bytes; the daemon checks the password (an {@code AUTH login} reply carries no
 * verdict on it for the client to re-check). The client may stop reading as soon as the bytes so
 * far look whole ({@code \n.\n}, {@code FAIL\n}), so the verdict of such a prefix is allowed too.
 * Never an exception; no password in the result's toString or a cause's message unless the
 * fuzzed reply itself holds it. Bounded: the peer always closes, and the verifier's own timeouts
 * (1 s here) cover the rest, inside the 5 s {@link Timeout}. Regression inputs:
 * {@code src/test/resources/org/jsasl/pwcheck/authdaemond/AuthdaemondReplyFuzzTestInputs/}.
 */
class AuthdaemondReplyFuzzTest {

    static final String SECRET = "c0rrect-h0rse-peer";
    static final String[] SERVICES = {"smtp", "imap", "pop", "submission", "sieve"};
    static final DaemonTimeouts BOUNDS = new DaemonTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    static FuzzPeer peer;
    static AuthdaemondVerifier verifier;

    @BeforeAll
    static void setUp() throws Exception {
        peer = new FuzzPeer();
        verifier = new AuthdaemondVerifier(peer.socket(), BOUNDS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        peer.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void replies(FuzzedDataProvider data) throws Exception {
        String user = data.consumeBoolean() ? "alice" : data.consumeString(40);
        String password = data.consumeBoolean() ? SECRET : data.consumeString(40);
        String service = data.pickValue(SERVICES);
        byte[] reply = data.consumeRemainingAsBytes();
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        byte[] s = service.getBytes(StandardCharsets.UTF_8);
        int payload = s.length + u.length + p.length + "login".length() + 4;
        byte[] request = ("AUTH " + payload + "\n" + service + "\nlogin\n" + user + "\n" + password + "\n")
                .getBytes(StandardCharsets.UTF_8);
        boolean sent = !hasControl(u) && !hasControl(p) && !hasControl(s) && payload <= 8191;
        peer.answer(request.length, reply);

        VerifyResult result;
        try (Password pw = Password.copyOf(p, 0, p.length)) {
            result = verifier.verify(new VerifyRequest(new CanonicalUser(user, user, ""), pw, service));
        }
        assertNotNull(result);
        assertNoSecret(result, password, reply);
        if (!sent) {
            assertInstanceOf(VerifyResult.Rejected.class, result, "refused before sending");
            assertFalse(((VerifyResult.Rejected) result).accountDisabled());
            return;
        }
        assertArrayEquals(request, peer.request(), "the request is the protocol's AUTH login");
        List<Expected> allowed = new ArrayList<>();
        allowed.add(reply.length > 8191 ? Expected.UNAVAILABLE : model(reply, service));
        for (int n = 1; n <= Math.min(reply.length, 8191); n++) {
            if (looksWhole(reply, n)) {
                allowed.add(model(Arrays.copyOf(reply, n), service));
            }
        }
        for (Expected e : allowed) {
            if (e.matches(result)) {
                return;
            }
        }
        fail("verdict " + result.getClass().getSimpleName() + " where the model allows " + allowed);
    }

    /** What the model expects: a kind, and for an acceptance its properties. */
    record Expected(String kind, Map<String, String> properties) {
        static final Expected UNAVAILABLE = new Expected("unavailable", null);
        static final Expected REJECTED = new Expected("rejected", null);
        static final Expected DISABLED = new Expected("disabled", null);

        boolean matches(VerifyResult r) {
            return switch (kind) {
                case "accepted" -> r instanceof VerifyResult.Accepted a && a.properties().equals(properties);
                case "rejected" -> r instanceof VerifyResult.Rejected j && !j.accountDisabled();
                case "disabled" -> r instanceof VerifyResult.Rejected j && j.accountDisabled();
                default -> r instanceof VerifyResult.Unavailable;
            };
        }
    }

    /** courier's client stops reading at {@code \n.\n}, a reply of {@code .\n}, or exactly {@code FAIL\n}. */
    static boolean looksWhole(byte[] b, int n) {
        if (n == 5 && new String(b, 0, 5, StandardCharsets.ISO_8859_1).equals("FAIL\n")) {
            return true;
        }
        return n >= 2 && b[n - 2] == '.' && b[n - 1] == '\n' && (n == 2 || b[n - 3] == '\n');
    }

    /** The verdict of a whole reply, per the protocol and the verifier's documented rules. */
    static Expected model(byte[] reply, String service) {
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
            String line = text.substring(start, nl);
            if (line.equals(".")) {
                return disabled(fields, service) ? Expected.DISABLED : new Expected("accepted", fields);
            }
            if (line.equals("FAIL")) {
                return Expected.REJECTED;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq);
            if (key.matches("[A-Z0-9_]{1,32}") && !key.equals("PASSWD") && !key.equals("PASSWD2")) {
                // Values are UTF-8 (a malformed byte becomes U+FFFD); keys are ASCII, so the line's
                // bytes at the same offsets hold the value.
                byte[] value = Arrays.copyOfRange(reply, start + eq + 1, nl);
                fields.put(AuthdaemondVerifier.PROPERTY_PREFIX + key, new String(value, StandardCharsets.UTF_8));
            }
        }
        return Expected.UNAVAILABLE;
    }

    /** OPTIONS {@code disable<name>=N}, N a leading non-zero number, for the service's names; the first of a name counts. */
    static boolean disabled(Map<String, String> fields, String service) {
        String options = fields.get(AuthdaemondVerifier.PROPERTY_PREFIX + "OPTIONS");
        if (options == null) {
            return false;
        }
        List<String> names = switch (service) {
            case "pop" -> List.of("pop", "pop3");
            case "smtp" -> List.of("smtp", "esmtp");
            case "submission" -> List.of("submission", "esmtp", "smtp");
            default -> List.of(service);
        };
        Map<String, String> first = new LinkedHashMap<>();
        for (String option : options.split(",", -1)) {
            int eq = option.indexOf('=');
            if (eq > 0) {
                first.putIfAbsent(option.substring(0, eq).trim().toLowerCase(Locale.ROOT), option.substring(eq + 1).trim());
            }
        }
        for (String name : names) {
            String v = first.get("disable" + name);
            if (v != null && v.replaceFirst("(?s)^([0-9]*).*$", "$1").matches("[0-9]*[1-9][0-9]*")) {
                return true;
            }
        }
        return false;
    }

    static boolean hasControl(byte[] b) {
        for (byte x : b) {
            if ((x & 0xff) < 0x20) {
                return true;
            }
        }
        return false;
    }

    /**
     * No password in what a log would show of the result: its toString and its cause chain's
     * messages; only an acceptance's properties may hold it, when the fuzzed reply put it there.
     */
    static void assertNoSecret(VerifyResult result, String password, byte[] reply) {
        if (password.length() < 8) {
            return;
        }
        boolean inReply = new String(reply, StandardCharsets.UTF_8).contains(password)
                || new String(reply, StandardCharsets.ISO_8859_1).contains(password);
        if (!(result instanceof VerifyResult.Accepted && inReply)) {
            assertFalse(result.toString().contains(password) && !peer.socket().toString().contains(password),
                    "the result shows the password");
        }
        if (result instanceof VerifyResult.Unavailable un) {
            for (Throwable t = un.cause(); t != null; t = t.getCause()) {
                assertTrue(t.getMessage() == null || !t.getMessage().contains(password)
                        || peer.socket().toString().contains(password), "a cause shows the password");
            }
        }
    }
}
