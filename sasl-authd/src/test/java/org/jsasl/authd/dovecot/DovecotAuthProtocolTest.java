package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.security.sasl.SaslClient;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dovecot auth-client protocol over a real loopback socket, against a memory auxprop: the
 * handshake, every mechanism Postfix can use, the failure shapes of the wire reference, and
 * hostile clients (each a clear FAIL or a closed connection, never an OK it should not get).
 */
class DovecotAuthProtocolTest {

    static final String MECHS = "SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN ANONYMOUS";
    static ServerContext context;
    static ServerContext down;
    static DovecotTestServer server;
    static DovecotTestServer downServer;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        context = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "mech_list", MECHS,
                "memory_userpassword", "alice=secret bob=hunter2"));
        down = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "mech_list", MECHS,
                "memory_userpassword", "alice=secret", "memory_down", "yes"));
        server = new DovecotTestServer(context, AuthdOptions.defaults("mail.example.com"));
        downServer = new DovecotTestServer(down, AuthdOptions.defaults("mail.example.com"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        server.close();
        downServer.close();
        context.close();
        down.close();
    }

    static String plain(String user, String password) {
        return AuthClient.b64("\0" + user + "\0" + password);
    }

    static final String AUTH = "\tservice=smtp\tnologin\tlip=127.0.0.1\trip=192.0.2.7";

    // ---------------------------------------------------------------- handshake

    @Test
    void handshakeComesAtOnceWithHonestFlagsAndMechBeforeSpid() throws Exception {
        try (AuthClient c = server.connect()) {
            List<String> hs = c.handshake();   // sent before the client says anything
            assertEquals("VERSION\t1\t2", hs.get(0));
            Set<String> mechs = new HashSet<>();
            int i = 1;
            for (; hs.get(i).startsWith("MECH\t"); i++) {
                mechs.add(hs.get(i));
            }
            assertEquals(Set.of("MECH\tPLAIN\tplaintext", "MECH\tLOGIN\tplaintext", "MECH\tCRAM-MD5\tdictionary\tactive",
                    "MECH\tSCRAM-SHA-256\tmutual-auth", "MECH\tANONYMOUS\tanonymous"), mechs);
            assertEquals("SPID\t" + ProcessHandle.current().pid(), hs.get(i));
            assertTrue(hs.get(i + 1).matches("CUID\t[1-9][0-9]*"), hs.get(i + 1));
            assertTrue(hs.get(i + 2).matches("COOKIE\t[0-9a-f]{32}"), hs.get(i + 2));
            assertEquals("DONE", hs.get(i + 3));
            assertEquals(i + 4, hs.size());
        }
    }

    @Test
    void eachConnectionGetsItsOwnCuidAndCookie() throws Exception {
        try (AuthClient a = server.connect(); AuthClient b = server.connect()) {
            List<String> ha = a.handshake();
            List<String> hb = b.handshake();
            assertFalse(ha.get(ha.size() - 3).equals(hb.get(hb.size() - 3)));
            assertFalse(ha.get(ha.size() - 2).equals(hb.get(hb.size() - 2)));
        }
    }

    @Test
    void wrongMajorVersionClosesTheConnection() throws Exception {
        try (AuthClient c = server.connect()) {
            c.handshake();
            c.send("VERSION\t2\t0");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void malformedHandshakesCloseTheConnection() throws Exception {
        String[][] hostile = {
            {"HELLO"},
            {"VERSION"},
            {"VERSION\t1"},
            {"VERSION\t1\tx"},
            {"VERSION\t1\t0", "CPID\t0"},
            {"VERSION\t1\t0", "CPID\tabc"},
            {"VERSION\t1\t0", "VERSION\t1\t0"},
        };
        for (String[] lines : hostile) {
            try (AuthClient c = server.connect()) {
                c.handshake();
                for (String l : lines) {
                    c.send(l);
                }
                assertTrue(c.closedByServer(), String.join(" / ", lines));
            }
        }
    }

    @Test
    void idleConnectionIsClosedAfterIdleTimeout() throws Exception {
        AuthdOptions o = new AuthdOptions("mail.example.com", 4, 4, Duration.ofSeconds(8), Duration.ofMillis(200),
                Duration.ofSeconds(150), 16384);
        try (DovecotTestServer s = new DovecotTestServer(context, o); AuthClient c = s.hello(0)) {
            assertTrue(c.closedByServer());   // within the client's 10 s read timeout
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void unixSocketConnectionIsServedLikeTcp() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("authd-dovecot");
        java.nio.file.Path path = dir.resolve("auth");
        try (java.nio.channels.ServerSocketChannel listener =
                java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listener.bind(java.net.UnixDomainSocketAddress.of(path));
            Thread t = new Thread(() -> {
                try {
                    server.protocol.serve(listener.accept(), path.toString());
                } catch (java.io.IOException e) {
                    // the test sees it
                }
            }, "test-unix-conn");
            t.setDaemon(true);
            t.start();
            try (java.nio.channels.SocketChannel ch =
                    java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(path));
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                            java.nio.channels.Channels.newInputStream(ch), StandardCharsets.UTF_8))) {
                ch.write(java.nio.ByteBuffer.wrap(("VERSION\t1\t0\nCPID\t7\nAUTH\t1\tPLAIN" + AUTH + "\tresp="
                        + plain("alice", "secret") + "\n").getBytes(StandardCharsets.UTF_8)));
                String l;
                do {
                    l = in.readLine();
                } while (l != null && !l.equals("DONE"));
                assertEquals("OK\t1\tuser=alice", in.readLine());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(path);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void authBeforeCpidClosesTheConnection() throws Exception {
        try (AuthClient c = server.connect()) {
            c.handshake();
            c.send("VERSION\t1\t0");
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void pipelinedHandshakeAndRequestAreServed() throws Exception {
        try (AuthClient c = server.connect()) {
            c.send("VERSION\t1\t0\nCPID\t1\nAUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            c.handshake();
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    // ---------------------------------------------------------------- mechanisms

    @Test
    void plainWithInitialResponseSucceeds() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    @Test
    void mechanismNameIsMatchedCaseInsensitively() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t16\tplain" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t16\tuser=alice", c.line());
        }
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyContFirst() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t3\tPLAIN" + AUTH);
            assertEquals("CONT\t3\t", c.line());
            c.send("CONT\t3\t" + plain("alice", "secret"));
            assertEquals("OK\t3\tuser=alice", c.line());
        }
    }

    @Test
    void emptyRespIsNoInitialResponseForMinor0() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=");
            assertEquals("CONT\t2\t", c.line());
        }
    }

    @Test
    void emptyRespIsAnEmptyInitialResponseForMinor2() throws Exception {
        try (AuthClient c = server.hello(2)) {
            c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=");
            assertEquals("FAIL\t2", c.line());
        }
    }

    @Test
    void respEqualsIsAnEmptyInitialResponseForEveryMinor() throws Exception {
        for (int minor : new int[] {0, 2}) {
            try (AuthClient c = server.hello(minor)) {
                c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp==");
                assertEquals("FAIL\t1", c.line());
            }
        }
    }

    @Test
    void loginAsksForUsernameThenPassword() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tLOGIN" + AUTH);
            assertEquals("CONT\t1\t" + AuthClient.b64("Username:"), c.line());
            c.send("CONT\t1\t" + AuthClient.b64("alice"));
            assertEquals("CONT\t1\t" + AuthClient.b64("Password:"), c.line());
            c.send("CONT\t1\t" + AuthClient.b64("secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    @Test
    void loginTakesTheInitialResponseAsUsername() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tLOGIN" + AUTH + "\tresp=" + AuthClient.b64("alice"));
            assertEquals("CONT\t1\t" + AuthClient.b64("Password:"), c.line());
            c.send("CONT\t1\t" + AuthClient.b64("secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    @Test
    void cramMd5WithTheJsaslClientSucceeds() throws Exception {
        try (AuthClient c = server.hello(0)) {
            SaslClient client = JsaslClients.create("CRAM-MD5", null, Map.of(), Exchange.credentials("alice", "secret"));
            c.send("AUTH\t5\tCRAM-MD5" + AUTH);
            String cont = c.line();
            assertTrue(cont.startsWith("CONT\t5\t"), cont);
            byte[] challenge = AuthClient.unb64(cont.substring(7));
            assertTrue(new String(challenge, StandardCharsets.US_ASCII).startsWith("<"));
            c.send("CONT\t5\t" + java.util.Base64.getEncoder().encodeToString(client.evaluateChallenge(challenge)));
            assertEquals("OK\t5\tuser=alice", c.line());
        }
    }

    @Test
    void scramSendsServerFinalAsExtraContThenOkAfterEmptyCont() throws Exception {
        try (AuthClient c = server.hello(0)) {
            SaslClient client = JsaslClients.create("SCRAM-SHA-256", null, Map.of(),
                    Exchange.credentials("alice", "secret"));
            byte[] first = client.evaluateChallenge(new byte[0]);
            c.send("AUTH\t18\tSCRAM-SHA-256" + AUTH + "\tresp=" + java.util.Base64.getEncoder().encodeToString(first));
            String serverFirst = c.line();
            assertTrue(serverFirst.startsWith("CONT\t18\t"), serverFirst);
            byte[] clientFinal = client.evaluateChallenge(AuthClient.unb64(serverFirst.substring(8)));
            c.send("CONT\t18\t" + java.util.Base64.getEncoder().encodeToString(clientFinal));
            String serverFinal = c.line();
            assertTrue(serverFinal.startsWith("CONT\t18\t"), serverFinal);
            assertTrue(new String(AuthClient.unb64(serverFinal.substring(8)), StandardCharsets.US_ASCII)
                    .startsWith("v="), serverFinal);
            client.evaluateChallenge(AuthClient.unb64(serverFinal.substring(8)));   // verifies the signature
            assertTrue(client.isComplete());
            c.send("CONT\t18\t");
            assertEquals("OK\t18\tuser=alice", c.line());
        }
    }

    @Test
    void scramWithWrongPasswordFailsAtClientFinal() throws Exception {
        try (AuthClient c = server.hello(0)) {
            SaslClient client = JsaslClients.create("SCRAM-SHA-256", null, Map.of(),
                    Exchange.credentials("alice", "wrong"));
            c.send("AUTH\t1\tSCRAM-SHA-256" + AUTH + "\tresp="
                    + java.util.Base64.getEncoder().encodeToString(client.evaluateChallenge(new byte[0])));
            String serverFirst = c.line();
            c.send("CONT\t1\t" + java.util.Base64.getEncoder().encodeToString(
                    client.evaluateChallenge(AuthClient.unb64(serverFirst.substring(7)))));
            assertEquals("FAIL\t1\tuser=alice", c.line());
        }
    }

    @Test
    void anonymousSucceedsWithTheAnonymousFlag() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tANONYMOUS" + AUTH + "\tresp=" + AuthClient.b64("someone@example.org"));
            String ok = c.line();
            assertTrue(ok.matches("OK\t1\tuser=[^\t]+\tanonymous"), ok);
        }
    }

    // ---------------------------------------------------------------- failures

    @Test
    void wrongPasswordAndUnknownUserFailWithTheSameShapeAndNoReason() throws Exception {
        try (LogCapture log = new LogCapture(); AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "wrongpass"));
            assertEquals("FAIL\t1\tuser=alice", c.line());
            c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=" + plain("nosuchuser", "wrongpass"));
            assertEquals("FAIL\t2\tuser=nosuchuser", c.line());
            c.send("AUTH\t3\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t3\tuser=alice", c.line());   // the connection stays
            assertTrue(log.text().contains("authd: dovecot: authentication failed for 'alice' from 192.0.2.7"),
                    log.text());
            log.assertNever("wrongpass");
            log.assertNever(plain("alice", "wrongpass"));
        }
    }

    @Test
    void disabledAccountWithItsRightPasswordFailsWithCodeUserDisabled() throws Exception {
        // testusers says "disabled" only after the right password, as a real backend must.
        try (ServerContext ctx = ServerContext.create(SaslConfig.of("pwcheck_method", "testusers",
                "mech_list", "PLAIN LOGIN", "testusers", "carol=secret", "testusers_disabled", "carol"));
                DovecotTestServer s = new DovecotTestServer(ctx, AuthdOptions.defaults("mail.example.com"));
                LogCapture log = new LogCapture()) {
            for (int minor : new int[] {0, 2}) {
                try (AuthClient c = s.hello(minor)) {
                    c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("carol", "secret"));
                    assertEquals("FAIL\t1\tuser=carol\tcode=user_disabled", c.line(), "minor " + minor);
                    c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=" + plain("carol", "wrongpass"));
                    assertEquals("FAIL\t2\tuser=carol", c.line(), "a wrong password says nothing of the account");
                    c.send("AUTH\t3\tLOGIN" + AUTH + "\tresp=" + AuthClient.b64("carol"));
                    c.line();
                    c.send("CONT\t3\t" + AuthClient.b64("secret"));
                    assertEquals("FAIL\t3\tuser=carol\tcode=user_disabled", c.line());
                }
            }
            assertTrue(log.text().contains("authd: dovecot: authentication failed for 'carol' from 192.0.2.7: "
                    + "account disabled"), log.text());
            log.assertNever("secret");
        }
    }

    @Test
    void userNameWithTabComesBackTabEscaped() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("al\tice", "x"));
            assertEquals("FAIL\t1\tuser=al\001tice", c.line());
        }
    }

    @Test
    void backendDownIsTempFailForClientsThatReadCodes() throws Exception {
        try (LogCapture log = new LogCapture(); AuthClient c = downServer.hello(2)) {
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("FAIL\t1\tuser=alice\tcode=temp_fail", c.line());
            assertTrue(log.text().contains("authentication unavailable for 'alice' from 192.0.2.7"), log.text());
            log.assertNever("secret");
        }
    }

    @Test
    void backendDownClosesTheConnectionOfAPostfixStyleClient() throws Exception {
        // Minor 0 is Postfix and Exim: they ignore code=, only a closed connection becomes a 454.
        try (LogCapture log = new LogCapture(); AuthClient c = downServer.hello(0)) {
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertTrue(c.closedByServer());
            assertTrue(log.text().contains("authentication unavailable for 'alice' from 192.0.2.7"), log.text());
            log.assertNever("secret");
        }
        try (AuthClient other = server.hello(0)) {   // nobody else is disturbed
            other.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t1\tuser=alice", other.line());
        }
    }

    @Test
    void invalidBase64InInitialResponseFailsAndKeepsTheConnection() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t13\tPLAIN" + AUTH + "\tresp=YWJj=");
            assertEquals("FAIL\t13\tcode=invalid_base64\treason=Invalid base64 data in initial response", c.line());
            c.send("AUTH\t14\tPLAIN" + AUTH + "\tresp=AGFsaWNlAGFsaWNlcHc");   // padding missing
            assertEquals("FAIL\t14\tcode=invalid_base64\treason=Invalid base64 data in initial response", c.line());
            c.send("AUTH\t15\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t15\tuser=alice", c.line());
        }
    }

    @Test
    void invalidBase64InContinuedResponseFails() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tPLAIN" + AUTH);
            assertEquals("CONT\t1\t", c.line());
            c.send("CONT\t1\t-_-_");
            assertEquals("FAIL\t1\tcode=invalid_base64\treason=Invalid base64 data in continued response", c.line());
        }
    }

    @Test
    void contForUnknownIdIsTimedOut() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("CONT\t99\t" + plain("alice", "secret"));
            assertEquals("FAIL\t99\treason=Authentication request timed out", c.line());
        }
    }

    @Test
    void contAfterSuccessIsTimedOutNotAccepted() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
            c.send("CONT\t1\t" + plain("alice", "secret"));
            assertEquals("FAIL\t1\treason=Authentication request timed out", c.line());
        }
    }

    @Test
    void contWhileACheckRunsIsUnexpected() throws Exception {
        AuthdOptions o = AuthdOptions.defaults("mail.example.com");
        try (DovecotTestServer s = new DovecotTestServer(context, o); AuthClient c = s.hello(0)) {
            CountDownLatch release = new CountDownLatch(1);
            blockPool(s, o, release, o.maxConcurrentChecks());   // every thread busy: the AUTH waits queued
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            c.send("CONT\t1\t" + plain("alice", "secret"));
            assertEquals("FAIL\t1\treason=Unexpected continuation", c.line());
            release.countDown();
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));   // the id is free again
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    @Test
    void cancelDropsTheRequestSilently() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tLOGIN" + AUTH);
            assertEquals("CONT\t1\t" + AuthClient.b64("Username:"), c.line());
            c.send("CANCEL\t1");
            c.send("CANCEL\t77");   // unknown: ignored
            c.send("CONT\t1\t" + AuthClient.b64("alice"));
            assertEquals("FAIL\t1\treason=Authentication request timed out", c.line());
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    @Test
    void abandonedRequestIsDroppedAfterRequestTimeout() throws Exception {
        AuthdOptions o = new AuthdOptions("mail.example.com", 4, 4, Duration.ofSeconds(8), Duration.ofHours(1),
                Duration.ofMillis(100), 16384);
        try (DovecotTestServer s = new DovecotTestServer(context, o); AuthClient c = s.hello(0)) {
            c.send("AUTH\t1\tLOGIN" + AUTH);
            assertEquals("CONT\t1\t" + AuthClient.b64("Username:"), c.line());
            String reply;
            do {
                Thread.sleep(50);
                // Until the sweep drops it, a CONT moves the exchange on; then it is unknown.
                c.send("CANCEL\t2");
                c.send("AUTH\t2\tLOGIN" + AUTH);
                assertEquals("CONT\t2\t" + AuthClient.b64("Username:"), c.line());
                Thread.sleep(300);
                c.send("CONT\t2\t" + AuthClient.b64("alice"));
                reply = c.line();
            } while (!reply.startsWith("FAIL"));
            assertEquals("FAIL\t2\treason=Authentication request timed out", reply);
        }
    }

    @Test
    void poolFullIsTempFailAtOnce() throws Exception {
        AuthdOptions o = new AuthdOptions("mail.example.com", 1, 1, Duration.ofSeconds(8), Duration.ofHours(1),
                Duration.ofSeconds(150), 16384);
        try (DovecotTestServer s = new DovecotTestServer(context, o); AuthClient c = s.hello(2);
                AuthClient postfix = s.hello(0)) {
            CountDownLatch release = new CountDownLatch(1);
            blockPool(s, o, release, 2);   // the thread and the queue slot
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("FAIL\t1\tuser=alice\tcode=temp_fail", c.line());
            postfix.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertTrue(postfix.closedByServer());
            release.countDown();
        }
    }

    @Test
    void checkPastCheckTimeoutIsTempFail() throws Exception {
        AuthdOptions o = new AuthdOptions("mail.example.com", 1, 4, Duration.ofMillis(200), Duration.ofHours(1),
                Duration.ofSeconds(150), 16384);
        try (DovecotTestServer s = new DovecotTestServer(context, o); AuthClient c = s.hello(2)) {
            CountDownLatch release = new CountDownLatch(1);
            blockPool(s, o, release, 1);   // the only thread: the check waits past its timeout
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("FAIL\t1\tuser=alice\tcode=temp_fail", c.line());
            release.countDown();
            c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t2\tuser=alice", c.line());
        }
    }

    /** Occupies {@code n} places of the check pool (threads, then queue) until {@code release}. */
    static void blockPool(DovecotTestServer s, AuthdOptions o, CountDownLatch release, int n) throws Exception {
        CountDownLatch started = new CountDownLatch(Math.min(n, o.maxConcurrentChecks()));
        for (int i = 0; i < n; i++) {
            s.backend.submit(() -> {
                started.countDown();
                release.await();
                return null;
            });
        }
        started.await();
    }

    // ---------------------------------------------------------------- hostile clients

    @Test
    void protocolErrorsCloseTheConnection() throws Exception {
        String good = "PLAIN" + AUTH + "\tresp=" + plain("alice", "secret");
        String[] hostile = {
            "AUTH\t0\t" + good,                                        // id 0
            "AUTH\t4294967296\t" + good,                               // 2^32
            "AUTH\t-1\t" + good,
            "AUTH\tx\t" + good,
            "AUTH\t1\tNTLM" + AUTH,                                    // not offered
            "AUTH\t1\tPLAIN\tnologin\tresp=" + plain("alice", "secret"),   // no service=
            "AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret") + "\tsecured",   // after resp=
            "HELLO\t1",                                                // unknown command
            "auth\t1\t" + good,                                        // commands are case-sensitive
            "CONT\t1",                                                 // no data field
            "CONT\tx\tAAAA",
            "CANCEL\tx",
        };
        for (String line : hostile) {
            try (AuthClient c = server.hello(0)) {
                c.send(line);
                String reply = c.line();
                assertEquals(null, reply, line);
            }
        }
    }

    @Test
    void hugeButValidIdIsServed() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t4294967295\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t4294967295\tuser=alice", c.line());
        }
    }

    @Test
    void duplicateInFlightIdClosesTheConnection() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tLOGIN" + AUTH);
            assertEquals("CONT\t1\t" + AuthClient.b64("Username:"), c.line());
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void unknownParametersAreIgnored() throws Exception {
        try (AuthClient c = server.hello(0)) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tsomething-unknown=1\tsecured\tlip=\trip=\tresp="
                    + plain("alice", "secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
        }
    }

    @Test
    void lineOf16384BytesIsReadAndOneMoreCloses() throws Exception {
        String prefix = "AUTH\t1\tPLAIN" + AUTH + "\tx=";
        String suffix = "\tresp=" + plain("alice", "secret");
        try (AuthClient c = server.hello(0)) {
            int pad = 16384 - 1 - prefix.length() - suffix.length();
            c.send(prefix + "a".repeat(pad) + suffix);   // 16384 bytes with the LF
            assertEquals("OK\t1\tuser=alice", c.line());
        }
        try (AuthClient c = server.hello(0)) {
            int pad = 16385 - 1 - prefix.length() - suffix.length();
            c.send(prefix + "a".repeat(pad) + suffix);
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void oneMegabyteLineClosesTheConnection() throws Exception {
        try (AuthClient c = server.hello(0)) {
            byte[] big = new byte[1 << 20];
            Arrays.fill(big, (byte) 'A');
            try {
                c.sendRaw(big);
            } catch (java.io.IOException e) {
                // The server closed while we were still writing: that is the expected outcome.
            }
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void clientThatNeverReadsIsClosedAndDoesNotBlockOthers() throws Exception {
        try (AuthClient silent = server.hello(0); AuthClient other = server.hello(0)) {
            // Immediate FAILs pile up unread until the reply queue overflows and the server closes.
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 200; i++) {
                burst.append("AUTH\t").append(i).append("\tPLAIN").append(AUTH).append("\tresp=YWJj=\n");
            }
            byte[] bytes = burst.toString().getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            for (int round = 0; round < 10_000 && !closed; round++) {
                try {
                    silent.sendRaw(bytes);
                } catch (java.io.IOException e) {
                    closed = true;
                }
                if (round % 50 == 0) {
                    other.send("AUTH\t" + (round + 1) + "\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
                    assertEquals("OK\t" + (round + 1) + "\tuser=alice", other.line());
                }
            }
            assertTrue(closed, "the server never closed the connection that does not read");
            other.send("AUTH\t999999\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t999999\tuser=alice", other.line());
        }
    }

    @Test
    void twoConnectionsWithInterleavedRequestsEachGetTheirOwnReplies() throws Exception {
        try (AuthClient a = server.hello(0); AuthClient b = server.hello(2)) {
            a.send("AUTH\t1\tLOGIN" + AUTH);
            b.send("AUTH\t1\tLOGIN" + AUTH);
            a.send("AUTH\t2\tPLAIN" + AUTH);
            assertEquals(Set.of("CONT\t1\t" + AuthClient.b64("Username:"), "CONT\t2\t"), Set.of(a.line(), a.line()));
            assertEquals("CONT\t1\t" + AuthClient.b64("Username:"), b.line());
            b.send("CONT\t1\t" + AuthClient.b64("bob"));
            a.send("CONT\t1\t" + AuthClient.b64("alice"));
            a.send("CONT\t2\t" + plain("bob", "hunter2"));
            b.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=" + plain("alice", "wrong"));
            List<String> ra = new ArrayList<>(List.of(a.line(), a.line()));
            assertTrue(ra.contains("CONT\t1\t" + AuthClient.b64("Password:")), ra.toString());
            assertTrue(ra.contains("OK\t2\tuser=bob"), ra.toString());
            List<String> rb = new ArrayList<>(List.of(b.line(), b.line()));
            assertTrue(rb.contains("CONT\t1\t" + AuthClient.b64("Password:")), rb.toString());
            assertTrue(rb.contains("FAIL\t2\tuser=alice"), rb.toString());
            a.send("CONT\t1\t" + AuthClient.b64("hunter2"));   // bob's password for alice: no
            b.send("CONT\t1\t" + AuthClient.b64("hunter2"));
            assertEquals("FAIL\t1\tuser=alice", a.line());
            assertEquals("OK\t1\tuser=bob", b.line());
        }
    }

    @Test
    void manyRequestsInFlightOnOneConnectionAllGetAnswers() throws Exception {
        try (AuthClient c = server.hello(0)) {
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 100; i++) {
                burst.append("AUTH\t").append(i).append("\tPLAIN").append(AUTH).append("\tresp=")
                        .append(plain(i % 2 == 0 ? "alice" : "bob", i % 2 == 0 ? "secret" : "nope")).append('\n');
            }
            c.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));
            Set<String> replies = new HashSet<>();
            for (int i = 1; i <= 100; i++) {
                replies.add(c.line());
            }
            for (int i = 1; i <= 100; i++) {
                assertTrue(replies.contains(i % 2 == 0 ? "OK\t" + i + "\tuser=alice" : "FAIL\t" + i + "\tuser=bob"),
                        "reply to " + i);
            }
        }
    }

    @Test
    void successDataAnsweredWithDataIsAFailure() throws Exception {
        try (AuthClient c = server.hello(0)) {
            SaslClient client = JsaslClients.create("SCRAM-SHA-256", null, Map.of(),
                    Exchange.credentials("alice", "secret"));
            c.send("AUTH\t1\tSCRAM-SHA-256" + AUTH + "\tresp="
                    + java.util.Base64.getEncoder().encodeToString(client.evaluateChallenge(new byte[0])));
            String serverFirst = c.line();
            c.send("CONT\t1\t" + java.util.Base64.getEncoder().encodeToString(
                    client.evaluateChallenge(AuthClient.unb64(serverFirst.substring(7)))));
            assertNotNull(c.line());
            c.send("CONT\t1\t" + AuthClient.b64("more"));
            assertEquals("FAIL\t1\tuser=alice", c.line());
        }
    }
}
