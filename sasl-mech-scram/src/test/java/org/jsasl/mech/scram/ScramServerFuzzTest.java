package org.jsasl.mech.scram;

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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.server.SaslLog;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FuzzUsers;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): SCRAM-SHA-1, SCRAM-SHA-256 and their -PLUS variants (with fixed
 * {@code tls-server-end-point} binding data, or none), in Cyrus mode (memory auxprop, cleartext
 * passwords) and JDK mode (a CallbackHandler). Three kinds of input: a fuzzed client-first and a
 * fuzzed client-final; a fuzzed client-first and a client-final that carries the right {@code c=}
 * and the server's nonce, then fuzzed text (so the proof check is reached); and an exchange
 * computed here by an independent client (RFC 5802 with the JDK's HMACs) for a fuzzed choice of
 * user, password, GS2 header and authorization identity. The contract checked on every input:
 * the server-first-message is {@code r=<client nonce><server nonce>,s=<salt>,i=<count>} (count at
 * least 4096); the exchange completes only in the computed kind, and there exactly when the password
 * is the stored one of the user the server reports (named by the client, after Cyrus' white-space
 * trim in Cyrus mode), the header suits the mechanism, and the authorization identity is none or
 * the user's own, and it then ends with the right {@code v=ServerSignature}; only SaslException
 * subclasses escape while it runs, IllegalStateException once it has ended; no exception message
 * shows a stored password the client did not send itself. Regression inputs:
 * {@code src/test/resources/org/jsasl/mech/scram/ScramServerFuzzTestInputs/}.
 */
class ScramServerFuzzTest {

    static final String SECRET = FuzzUsers.SECRET;
    static final Map<String, String> USERS = FuzzUsers.USERS;
    static final List<String> NAMES = USERS.keySet().stream().sorted().toList();
    static final String[] MECHANISMS = {"SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS"};
    static final String[] HEADERS = {"n", "y", "p=tls-server-end-point", "p=tls-unique"};
    /** The connection's tls-server-end-point data when the application gives one. */
    static final byte[] BINDING = new byte[32];
    static final String FIXED_NONCE = "fyko+d2lbbFgONRv9qkxdawL";
    static final Pattern SERVER_FIRST = Pattern.compile(
            "r=([\\x21-\\x2b\\x2d-\\x7e]+),s=([A-Za-z0-9+/]+={0,2}),i=([1-9][0-9]{3,9})");

    static ServerContext cyrus;
    static MapCallbackHandler jdk;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        Arrays.fill(BINDING, (byte) 0x5a);
        cyrus = FuzzUsers.cyrus(String.join(" ", MECHANISMS));
        jdk = FuzzUsers.jdk();
    }

    @AfterAll
    static void tearDown() {
        cyrus.close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void clientMessages(FuzzedDataProvider data) throws Exception {
        boolean cyrusMode = data.consumeBoolean();
        String mechanism = MECHANISMS[data.consumeInt(0, MECHANISMS.length - 1)];
        boolean plus = mechanism.endsWith("-PLUS");
        boolean withBinding = data.consumeBoolean();
        Map<String, Object> props = cyrusMode ? Exchange.cyrus(cyrus, null) : new HashMap<>();
        if (withBinding) {
            props.put(JsaslProperties.CHANNEL_BINDING_TLS_SERVER_END_POINT, BINDING.clone());
        }
        SaslServer server = JsaslProvider.serverFactory().createSaslServer(mechanism, "imap", "mail.example.com",
                props, cyrusMode ? null : jdk);
        if (plus && !withBinding) {
            // -PLUS without binding data is not offered (the factory gives no server), or refuses the client.
            if (server == null) {
                return;
            }
        }
        assertNotNull(server);
        int kind = data.consumeInt(0, 2);
        if (kind == 2) {
            computed(server, data, cyrusMode, mechanism, withBinding);
            return;
        }
        byte[] first = data.consumeBytes(data.consumeInt(0, 9000));
        Step s = new Step(server);
        String serverFirst = s.clientFirst(first);
        if (serverFirst == null) {
            if (!s.ended && first.length == 0) {
                // The empty challenge asked for the client-first; the fuzzed rest is it.
                first = data.consumeBytes(data.consumeInt(0, 9000));
                serverFirst = s.clientFirst(first);
            }
            if (serverFirst == null) {
                s.afterEnd();
                return;
            }
        }
        String clientFirst = new String(first, StandardCharsets.UTF_8);
        byte[] last;
        if (kind == 0) {
            last = data.consumeRemainingAsBytes();
        } else {
            String header = clientFirst.substring(0, clientFirst.indexOf(',', clientFirst.indexOf(',') + 1) + 1);
            last = ("c=" + channelBinding(header) + ",r=" + nonce(serverFirst) + data.consumeRemainingAsString())
                    .getBytes(StandardCharsets.UTF_8);
        }
        s.clientFinal(last, clientFirst);
        assertFalse(server.isComplete(), "completed from fuzzed bytes, which cannot hold a right proof");
        s.afterEnd();
    }

    /** An exchange computed by this target's own client, for a fuzzed choice of its parts. */
    static void computed(SaslServer server, FuzzedDataProvider data, boolean cyrusMode, String mechanism,
            boolean withBinding) throws Exception {
        int pick = data.consumeInt(0, NAMES.size());
        String name = pick < NAMES.size() ? NAMES.get(pick) : data.consumeString(60);
        int pw = data.consumeInt(0, 2);
        String password = switch (pw) {
            case 0 -> USERS.getOrDefault(name, "");
            case 1 -> USERS.get(NAMES.get(data.consumeInt(0, NAMES.size() - 1)));
            default -> data.consumeString(30);
        };
        String cb = HEADERS[data.consumeInt(0, HEADERS.length - 1)];
        int authz = data.consumeInt(0, 2);
        String authzid = authz == 0 ? null : authz == 1 ? name : "shared";
        String nonce = data.consumeAsciiString(40).replaceAll("[^\\x21-\\x2b\\x2d-\\x7e]", "");
        if (nonce.isEmpty()) {
            nonce = FIXED_NONCE;
        }
        String header = cb + "," + (authzid == null ? "" : "a=" + SaslName.escape(authzid)) + ",";
        String bare = "n=" + SaslName.escape(name) + ",r=" + nonce;
        boolean plus = mechanism.endsWith("-PLUS");
        boolean headerFits = plus ? cb.equals("p=tls-server-end-point") && withBinding
                : cb.equals("n") || (cb.equals("y") && !withBinding);
        boolean mustAccept = !name.isEmpty() && password.equals(USERS.get(name)) && headerFits
                && (authzid == null || authzid.equals(name));

        Step s = new Step(server);
        String clientFirst = header + bare;
        String serverFirst = s.clientFirst(clientFirst.getBytes(StandardCharsets.UTF_8));
        if (serverFirst == null) {
            assertFalse(mustAccept, "refused a right client-first: " + s.refusal);
            s.afterEnd();
            return;
        }
        Matcher m = SERVER_FIRST.matcher(serverFirst);
        assertTrue(m.matches());
        String hash = mechanism.startsWith("SCRAM-SHA-256") ? "SHA-256" : "SHA-1";
        byte[] salted = hi(hash, password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(m.group(2)),
                Integer.parseInt(m.group(3)));
        String withoutProof = "c=" + channelBinding(header) + ",r=" + m.group(1);
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = hmac(hash, salted, bytes("Client Key"));
        byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
        byte[] signature = hmac(hash, storedKey, bytes(authMessage));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        byte[] last = bytes(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
        byte[] serverFinal = s.clientFinal(last, clientFirst);
        if (!server.isComplete()) {
            assertFalse(mustAccept, "refused a right proof: " + s.refusal);
            s.afterEnd();
            return;
        }
        String authcid = (String) server.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY);
        String stored = USERS.get(authcid);
        if (stored == null) {
            fail("accepted an unknown user");
        }
        assertEquals(stored, password, "accepted only with the stored password");
        assertEquals(authcid, cyrusMode ? trimSpace(name) : name, "the authenticated user is the one named");
        assertTrue(headerFits, "accepted a GS2 header that does not suit " + mechanism + ": " + header);
        assertEquals(authcid, server.getAuthorizationID(), "no other authorization identity");
        byte[] serverKey = hmac(hash, salted, bytes("Server Key"));
        assertArrayEquals(bytes("v=" + Base64.getEncoder().encodeToString(hmac(hash, serverKey, bytes(authMessage)))),
                serverFinal, "the server-final-message is the right ServerSignature");
        s.afterEnd();
    }

    /** One exchange's state, with the contract checked on each message. */
    static final class Step {
        final SaslServer server;
        boolean ended;
        String refusal;

        Step(SaslServer server) {
            this.server = server;
        }

        /** Sends a client-first: the server-first-message (checked), or null (refused, or asked for it). */
        String clientFirst(byte[] message) throws Exception {
            byte[] challenge = send(message, message);
            if (challenge == null) {
                return null;
            }
            assertFalse(server.isComplete(), "SCRAM does not complete on the client-first");
            if (challenge.length == 0) {
                assertEquals(0, message.length, "the empty challenge answers only no initial response");
                return null;
            }
            String text = new String(challenge, StandardCharsets.UTF_8);
            Matcher m = SERVER_FIRST.matcher(text);
            assertTrue(m.matches(), "server-first-message well formed: " + text);
            String clientNonce = clientNonce(new String(message, StandardCharsets.UTF_8));
            assertTrue(m.group(1).startsWith(clientNonce) && m.group(1).length() > clientNonce.length(),
                    "r= is the client's nonce and the server's");
            assertTrue(Base64.getDecoder().decode(m.group(2)).length > 0, "a salt");
            assertTrue(Long.parseLong(m.group(3)) >= 4096, "at least 4096 iterations");
            return text;
        }

        /** Sends a client-final: the server-final-message when the exchange completed, else null. */
        byte[] clientFinal(byte[] message, String clientFirst) throws Exception {
            byte[] answer = send(message, bytes(clientFirst));
            if (answer == null) {
                return null;
            }
            assertTrue(server.isComplete(), "the client-final ends the exchange");
            assertTrue(new String(answer, StandardCharsets.UTF_8).startsWith("v="), "success is v=");
            return answer;
        }

        /** The challenge, or null when the server refused (checked: a SaslException without a secret). */
        private byte[] send(byte[] message, byte[] clientFirst) throws Exception {
            try {
                return server.evaluateResponse(message);
            } catch (SaslException e) {
                assertFalse(server.isComplete(), "a refused message never completes");
                assertNoSecret(e.getMessage(), clientFirst, message);
                refusal = e.toString();
                ended = true;
                return null;
            }
        }

        /** Once ended (or after the last message), another message is an IllegalStateException. */
        void afterEnd() {
            if (ended || server.isComplete()) {
                assertThrows(IllegalStateException.class, () -> server.evaluateResponse(new byte[0]),
                        "an ended exchange refuses further messages with IllegalStateException");
            }
        }
    }

    /** The client nonce of a client-first-message the server took: the r= attribute of the bare part. */
    static String clientNonce(String clientFirst) {
        int second = clientFirst.indexOf(',', clientFirst.indexOf(',') + 1);
        String[] fields = clientFirst.substring(second + 1).split(",", -1);
        assertTrue(fields.length >= 2 && fields[1].startsWith("r="), "the server took a client-first without r=");
        return fields[1].substring(2);
    }

    /** The server nonce of a checked server-first-message. */
    static String nonce(String serverFirst) {
        Matcher m = SERVER_FIRST.matcher(serverFirst);
        assertTrue(m.matches());
        return m.group(1);
    }

    /** What c= carries: the GS2 header, then the binding data when it binds with p=. */
    static String channelBinding(String header) {
        byte[] h = bytes(header);
        if (!header.startsWith("p=")) {
            return Base64.getEncoder().encodeToString(h);
        }
        byte[] all = Arrays.copyOf(h, h.length + BINDING.length);
        System.arraycopy(BINDING, 0, all, h.length, BINDING.length);
        return Base64.getEncoder().encodeToString(all);
    }

    /**
     * No stored password in an exception message, unless the client sent it itself (in a name, which
     * is shown through {@link SaslLog#quote} and may be written as a saslname).
     */
    static void assertNoSecret(String exceptionMessage, byte[] clientFirst, byte[] message) {
        if (exceptionMessage == null || !exceptionMessage.contains(SECRET)) {
            return;
        }
        for (byte[] b : new byte[][] {clientFirst, message}) {
            String text = new String(b, StandardCharsets.UTF_8);
            String unescaped = text.replace("=2C", ",").replace("=3D", "=");
            for (String t : new String[] {text, unescaped}) {
                if (t.contains(SECRET) || SaslLog.quote(t).contains(SECRET)) {
                    return;
                }
                for (String part : t.split("[,=]")) {
                    if (SaslLog.quote(part).contains(SECRET) || SaslLog.quote(trimSpace(part)).contains(SECRET)) {
                        return;
                    }
                }
            }
        }
        fail("an exception message shows the stored password: " + exceptionMessage);
    }

    /** RFC 5802's Hi(): PBKDF2 with HMAC, one block. */
    static byte[] hi(String hash, byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = mac(hash, password);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] hmac(String hash, byte[] key, byte[] message) throws GeneralSecurityException {
        return mac(hash, key).doFinal(message);
    }

    private static Mac mac(String hash, byte[] key) throws GeneralSecurityException {
        String algorithm = hash.equals("SHA-256") ? "HmacSHA256" : "HmacSHA1";
        Mac mac = Mac.getInstance(algorithm);
        // An empty key is no valid SecretKeySpec; HMAC pads keys with zeros, so one zero byte is the same key.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
        return mac;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
