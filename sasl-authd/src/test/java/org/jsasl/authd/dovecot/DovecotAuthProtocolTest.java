package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.sasl.SaslClient;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jsasl authd's Dovecot auth-client protocol over a real loopback socket, with jsasl's mechanisms
 * and the memory auxprop: the lines Postfix and Dovecot's own clients exchange, and the hostile
 * lines that must close the connection without ever answering OK.
 */
class DovecotAuthProtocolTest {

    private static final String MECHS = "PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256 ANONYMOUS";

    private static Daemon normal;

    /** A daemon with its backend, so that a test can block the backend's pool. */
    private record Daemon(AuthdDaemon daemon, AuthdBackend backend, int port) implements Closeable {
        @Override
        public void close() {
            daemon.close();
        }
    }

    private static Daemon start(AuthdOptions options, String... extraConfig) throws Exception {
        List<String> kv = new ArrayList<>(List.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "mech_list", MECHS));
        kv.addAll(List.of(extraConfig));
        SaslConfig config = SaslConfig.of(kv.toArray(String[]::new));
        AuthdBackend backend = new AuthdBackend(ServerContext.create(config), options);
        AuthdDaemon d = AuthdDaemon.start(backend, () -> ServerContext.create(config),
                List.of(new AuthdDaemon.Listener(ListenAddress.parse("inet:127.0.0.1:0"),
                        new DovecotAuthProtocol(backend), SocketOwnership.DEFAULT)), 100);
        return new Daemon(d, backend, ((InetSocketAddress) d.addresses().get(0)).getPort());
    }

    @BeforeAll
    static void startDaemon() throws Exception {
        Exchange.registerProvider();
        normal = start(AuthdOptions.defaults("mail.example.com"));
    }

    @AfterAll
    static void stopDaemon() {
        normal.close();
    }

    /** A line client as Postfix is one: reads the server handshake, then sends its own. */
    private static final class Client implements Closeable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final List<String> handshake = new ArrayList<>();

        Client(int port, int minor) throws IOException {
            this(port);
            readHandshake();
            send("VERSION\t1\t" + minor);
            send("CPID\t4242");
        }

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);   // a broken server fails the test instead of hanging it
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void readHandshake() throws IOException {
            for (String l; (l = read()) != null;) {
                handshake.add(l);
                if (l.equals("DONE")) {
                    return;
                }
            }
            fail("no DONE in handshake: " + handshake);
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One line without its LF; null at EOF. */
        String read() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = in.read()) >= 0;) {
                if (c == '\n') {
                    return b.toString(StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return null;
        }

        /** Asserts that the server closed the connection without sending anything more. */
        void assertClosed() throws IOException {
            try {
                String l = read();
                if (l != null) {
                    fail("expected the connection closed, got: " + l.replace('\t', ' '));
                }
            } catch (SocketTimeoutException e) {
                fail("connection still open");
            } catch (SocketException reset) {
                // A reset (unread data when the server closed) is a close too.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String payload(String reply) {
        return reply.substring(reply.indexOf('\t', reply.indexOf('\t') + 1) + 1);
    }

    @Test
    void handshakeIsSentAtOnceWithDovecotFlagsAndMechBeforeSpid() throws Exception {
        try (Client c = new Client(normal.port())) {
            c.readHandshake();
            List<String> h = c.handshake;
            assertEquals("VERSION\t1\t2", h.get(0));
            List<String> mechs = h.subList(1, 6);
            assertEquals(List.of("MECH\tANONYMOUS\tanonymous", "MECH\tCRAM-MD5\tdictionary\tactive",
                    "MECH\tLOGIN\tplaintext", "MECH\tPLAIN\tplaintext", "MECH\tSCRAM-SHA-256\tmutual-auth"),
                    mechs.stream().sorted().toList());
            assertTrue(h.get(6).matches("SPID\t[1-9][0-9]*"), h.get(6));
            assertTrue(h.get(7).matches("CUID\t[1-9][0-9]*"), h.get(7));
            assertTrue(h.get(8).matches("COOKIE\t[0-9a-f]{32}"), h.get(8));
            assertEquals("DONE", h.get(9));
            assertEquals(10, h.size());
        }
    }

    @Test
    void plainWithInitialResponseAsPostfixSendsItIsAccepted() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp="
                    + b64("\0alice\0secret"));
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    @Test
    void mechanismNameIsMatchedCaseInsensitively() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t7\tplain\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("OK\t7\tuser=alice", c.read());
        }
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlikeWithoutReason() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0wrong"));
            assertEquals("FAIL\t1", c.read());
            c.send("AUTH\t2\tPLAIN\tservice=smtp\tresp=" + b64("\0nobody\0secret"));
            assertEquals("FAIL\t2", c.read());
        }
    }

    @Test
    void plainWithoutInitialResponseGetsEmptyContinuation() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp");
            assertEquals("CONT\t1\t", c.read());
            c.send("CONT\t1\t" + b64("\0alice\0secret"));
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    @Test
    void emptyRespIsNoInitialResponseForMinor0AndAnEmptyOneForMinor2() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=");
            assertEquals("CONT\t1\t", c.read());
            c.send("CANCEL\t1");
            c.send("AUTH\t2\tPLAIN\tservice=smtp\tresp==");
            assertEquals("FAIL\t2", c.read());   // PLAIN refuses an empty response
        }
        try (Client c = new Client(normal.port(), 2)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=");
            assertEquals("FAIL\t1", c.read());
            c.send("AUTH\t2\tPLAIN\tservice=smtp\tresp==");
            assertEquals("FAIL\t2", c.read());
        }
    }

    @Test
    void loginTakesTwoContinuations() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tLOGIN\tservice=smtp\tnologin\tlip=\trip=");
            assertEquals("CONT\t1\t" + b64("Username:"), c.read());
            c.send("CONT\t1\t" + b64("alice"));
            assertEquals("CONT\t1\t" + b64("Password:"), c.read());
            c.send("CONT\t1\t" + b64("secret"));
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    @Test
    void cramMd5AnswerComputedByTheClientIsAccepted() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tCRAM-MD5\tservice=smtp");
            String cont = c.read();
            assertTrue(cont.startsWith("CONT\t1\t"), cont);
            byte[] challenge = Base64.getDecoder().decode(payload(cont));
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            String digest = HexFormat.of().formatHex(mac.doFinal(challenge));
            c.send("CONT\t1\t" + b64("alice " + digest));
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    @Test
    void scramServerFinalComesAsExtraContinuationAndOkFollowsTheEmptyAnswer() throws Exception {
        SaslClient sc = JsaslClients.create("SCRAM-SHA-256", null, Map.of(), Exchange.credentials("alice", "secret"));
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tSCRAM-SHA-256\tservice=smtp\tresp=" + Base64.getEncoder().encodeToString(
                    sc.evaluateChallenge(new byte[0])));
            String first = c.read();
            assertTrue(first.startsWith("CONT\t1\t"), first);
            c.send("CONT\t1\t" + Base64.getEncoder().encodeToString(
                    sc.evaluateChallenge(Base64.getDecoder().decode(payload(first)))));
            String serverFinal = c.read();
            assertTrue(serverFinal.startsWith("CONT\t1\t"), serverFinal);
            sc.evaluateChallenge(Base64.getDecoder().decode(payload(serverFinal)));
            assertTrue(sc.isComplete(), "the client verified the server signature");
            c.send("CONT\t1\t");
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    @Test
    void scramWithWrongPasswordFails() throws Exception {
        SaslClient sc = JsaslClients.create("SCRAM-SHA-256", null, Map.of(), Exchange.credentials("alice", "bad"));
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tSCRAM-SHA-256\tservice=smtp\tresp=" + Base64.getEncoder().encodeToString(
                    sc.evaluateChallenge(new byte[0])));
            String first = c.read();
            c.send("CONT\t1\t" + Base64.getEncoder().encodeToString(
                    sc.evaluateChallenge(Base64.getDecoder().decode(payload(first)))));
            assertEquals("FAIL\t1", c.read());
        }
    }

    @Test
    void anonymousIsMarkedAnonymous() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tANONYMOUS\tservice=smtp\tresp=" + b64("trace"));
            String ok = c.read();
            assertTrue(ok.matches("OK\t1\tuser=[^\t]+\tanonymous"), ok);
        }
    }

    @Test
    void backendDownIsTempFail() throws Exception {
        try (Daemon down = start(AuthdOptions.defaults("mail.example.com"), "memory_down", "yes");
                Client c = new Client(down.port(), 0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("FAIL\t1\tcode=temp_fail", c.read());
        }
    }

    @Test
    void invalidBase64IsFailedWithDovecotsReasonAndTheConnectionStays() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=YWJj=");
            assertEquals("FAIL\t1\tcode=invalid_base64\treason=Invalid base64 data in initial response", c.read());
            c.send("AUTH\t2\tPLAIN\tservice=smtp\tresp=YQ");
            assertEquals("FAIL\t2\tcode=invalid_base64\treason=Invalid base64 data in initial response", c.read());
            c.send("AUTH\t3\tLOGIN\tservice=smtp");
            assertEquals("CONT\t3\t" + b64("Username:"), c.read());
            c.send("CONT\t3\t!!!!");
            assertEquals("FAIL\t3\tcode=invalid_base64\treason=Invalid base64 data in continued response", c.read());
            c.send("AUTH\t4\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("OK\t4\tuser=alice", c.read());
        }
    }

    @Test
    void cancelDropsTheRequestSilentlyAndTheIdCanBeReused() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tLOGIN\tservice=smtp");
            assertEquals("CONT\t1\t" + b64("Username:"), c.read());
            c.send("CANCEL\t1");
            c.send("CANCEL\t99");
            c.send("CONT\t1\t" + b64("alice"));
            assertEquals("FAIL\t1\treason=Authentication request timed out", c.read());
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    @Test
    void continuationForUnknownIdIsTimedOut() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("CONT\t5\t" + b64("x"));
            assertEquals("FAIL\t5\treason=Authentication request timed out", c.read());
        }
    }

    @Test
    void continuationWhileTheCheckRunsIsUnexpectedAndAFullPoolIsTempFail() throws Exception {
        // One thread, two queue places: id 1 (cancelled, it keeps its place until taken) and id 2.
        AuthdOptions one = new AuthdOptions("mail.example.com", 1, 2, Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofSeconds(150), 16384);
        CountDownLatch release = new CountDownLatch(1);
        try (Daemon d = start(one); Client c = new Client(d.port(), 0)) {
            d.backend().submit(() -> {
                release.await();
                return null;
            });   // the only thread is busy
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));   // queued
            c.send("CONT\t1\t" + b64("x"));
            assertEquals("FAIL\t1\treason=Unexpected continuation", c.read());
            c.send("AUTH\t2\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));   // queued
            c.send("AUTH\t3\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));   // refused
            assertEquals("FAIL\t3\tcode=temp_fail", c.read());
            release.countDown();
            assertEquals("OK\t2\tuser=alice", c.read());
        } finally {
            release.countDown();
        }
    }

    @Test
    void checkSlowerThanCheckTimeoutIsTempFailOnce() throws Exception {
        AuthdOptions quick = new AuthdOptions("mail.example.com", 1, 4, Duration.ofMillis(300), Duration.ofHours(1),
                Duration.ofSeconds(150), 16384);
        CountDownLatch release = new CountDownLatch(1);
        try (Daemon d = start(quick); Client c = new Client(d.port(), 0)) {
            d.backend().submit(() -> {
                release.await();
                return null;
            });
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("FAIL\t1\tcode=temp_fail", c.read());
            release.countDown();
            // The late check must not answer id 1 again: the next line is for id 2.
            c.send("AUTH\t2\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("OK\t2\tuser=alice", c.read());
        } finally {
            release.countDown();
        }
    }

    @Test
    void lineOfExactly16384BytesIsServed() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            String start = "AUTH\t1\tPLAIN\tservice=smtp\tx=";
            String end = "\tresp=" + b64("\0alice\0secret");
            c.send(start + "a".repeat(16383 - start.length() - end.length()) + end);
            assertEquals("OK\t1\tuser=alice", c.read());
        }
    }

    private static void assertClosedAfter(String... lines) throws Exception {
        try (Client other = new Client(normal.port(), 0); Client c = new Client(normal.port(), 0)) {
            other.send("AUTH\t1\tLOGIN\tservice=smtp");
            assertEquals("CONT\t1\t" + b64("Username:"), other.read());
            for (String l : lines) {
                c.send(l);
            }
            c.assertClosed();
            // The other connection and its request in flight are unaffected.
            other.send("CONT\t1\t" + b64("alice"));
            assertEquals("CONT\t1\t" + b64("Password:"), other.read());
            other.send("CONT\t1\t" + b64("secret"));
            assertEquals("OK\t1\tuser=alice", other.read());
        }
    }

    @Test
    void hostileAuthLinesCloseTheConnection() throws Exception {
        String resp = "\tresp=" + b64("\0alice\0secret");
        assertClosedAfter("AUTH\t0\tPLAIN\tservice=smtp" + resp);
        assertClosedAfter("AUTH\tone\tPLAIN\tservice=smtp" + resp);
        assertClosedAfter("AUTH\t4294967296\tPLAIN\tservice=smtp" + resp);
        assertClosedAfter("AUTH\t1\tNTLM\tservice=smtp" + resp);
        assertClosedAfter("AUTH\t1\tPLAIN\trip=127.0.0.1" + resp);
        assertClosedAfter("AUTH\t1\tPLAIN\tservice=smtp" + resp + "\trip=127.0.0.1");
        assertClosedAfter("CONT\tx\tAAAA");
        assertClosedAfter("CONT\t1");
        assertClosedAfter("CANCEL\tx");
        assertClosedAfter("HELLO\t1");
        assertClosedAfter("OK\t1\tuser=alice");
    }

    @Test
    void duplicateIdInFlightClosesTheConnection() throws Exception {
        try (Client c = new Client(normal.port(), 0)) {
            c.send("AUTH\t1\tLOGIN\tservice=smtp");
            assertEquals("CONT\t1\t" + b64("Username:"), c.read());
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            c.assertClosed();
        }
    }

    @Test
    void badHandshakeClosesTheConnection() throws Exception {
        try (Client c = new Client(normal.port())) {
            c.readHandshake();
            c.send("VERSION\t2\t0");
            c.assertClosed();
        }
        try (Client c = new Client(normal.port())) {
            c.readHandshake();
            c.send("VERSION\t1\t0");
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            c.assertClosed();
        }
    }

    @Test
    void megabyteLineClosesTheConnectionWhileAnotherKeepsWorking() throws Exception {
        try (Client other = new Client(normal.port(), 0); Client c = new Client(normal.port(), 0)) {
            byte[] huge = ("AUTH\t1\tPLAIN\tservice=smtp\tx=" + "a".repeat(1 << 20) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            try {
                c.out.write(huge);
                c.out.flush();
            } catch (IOException closedWhileWriting) {
                // The server closes after 16384 bytes; the rest of the write may be refused.
            }
            c.assertClosed();
            other.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64("\0alice\0secret"));
            assertEquals("OK\t1\tuser=alice", other.read());
        }
    }
}
