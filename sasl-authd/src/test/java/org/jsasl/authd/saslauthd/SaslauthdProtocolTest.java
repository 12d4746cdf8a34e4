package org.jsasl.authd.saslauthd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.config.SaslConfig;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.LineProcess;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jsasl authd's saslauthd protocol, asked by jsasl's own saslauthd client, Cyrus' testsaslauthd and hostile peers. */
class SaslauthdProtocolTest {

    /** A bound for waits that should end at once; reached only when the code under test is broken. */
    private static final long SAFETY_SECONDS = 30;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Starts a daemon serving the saslauthd protocol for alice=secret; returns its socket. */
    private Path daemon(boolean backendDown, Duration readDeadline) throws Exception {
        SaslConfig config = backendDown
                ? SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret", "memory_down", "yes")
                : SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret");
        AuthdBackend backend = new AuthdBackend(ServerContext.create(config), AuthdOptions.defaults("localhost"));
        Path socket = dir.resolve("mux");
        AuthdDaemon d = AuthdDaemon.start(backend, () -> ServerContext.create(config),
                List.of(new AuthdDaemon.Listener(ListenAddress.parse("unix:" + socket),
                        new SaslauthdProtocol(backend, readDeadline), SocketOwnership.DEFAULT)), 100);
        open.add(d);
        return socket;
    }

    private Path daemon(SaslConfig config, AuthdOptions options) throws Exception {
        AuthdBackend backend = new AuthdBackend(ServerContext.create(config), options);
        Path socket = dir.resolve("mux");
        AuthdDaemon d = AuthdDaemon.start(backend, () -> ServerContext.create(config),
                List.of(new AuthdDaemon.Listener(ListenAddress.parse("unix:" + socket), new SaslauthdProtocol(backend),
                        SocketOwnership.DEFAULT)), 100);
        open.add(d);
        return socket;
    }

    private Path daemon() throws Exception {
        return daemon(false, SaslauthdProtocol.DEFAULT_READ_DEADLINE);
    }

    /** jsasl's own pwcheck_method: saslauthd client. */
    private AuthOutcome jsaslClient(Path socket, String user, String password) throws Exception {
        try (ServerContext client = ServerContext.create(SaslConfig.of("pwcheck_method", "saslauthd",
                "saslauthd_path", socket.toString()));
                Password p = Password.ofChars(password.toCharArray())) {
            return client.authenticator("smtp", "localhost", null, null).authenticate(user, "", p);
        }
    }

    @Test
    void jsaslsClientIsAcceptedWithTheRightPasswordAndRejectedOtherwise() throws Exception {
        Path socket = daemon();
        try (LogCapture log = new LogCapture()) {
            assertInstanceOf(AuthOutcome.Accepted.class, jsaslClient(socket, "alice", "secret"));
            assertInstanceOf(AuthOutcome.Rejected.class, jsaslClient(socket, "alice", "wrong-pw-1"));
            assertInstanceOf(AuthOutcome.Rejected.class, jsaslClient(socket, "mallory", "secret"));
            assertTrue(log.text().contains("authd: saslauthd: authentication failed for 'alice' service=smtp:"), log.text());
            log.assertNever("wrong-pw-1");
            log.assertNever("secret");
        }
    }

    @Test
    void theRealmTheClientSplitsOffIsJoinedAgainForTheBackend() throws Exception {
        Path socket = daemon(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "bob@example.org=hunter2"), AuthdOptions.defaults("localhost"));
        assertInstanceOf(AuthOutcome.Accepted.class, jsaslClient(socket, "bob@example.org", "hunter2"));
        assertInstanceOf(AuthOutcome.Rejected.class, jsaslClient(socket, "bob@example.net", "hunter2"));
        assertArrayEquals(OK, send(socket, request("bob", "hunter2", "smtp", "example.org")));
        assertArrayEquals(NO, send(socket, request("bob", "hunter2", "smtp", "")), "no realm, no bob");
    }

    @Test
    void aDownBackendIsUnavailableToTheClientNotAWrongPassword() throws Exception {
        Path socket = daemon(true, SaslauthdProtocol.DEFAULT_READ_DEADLINE);
        try (LogCapture log = new LogCapture()) {
            assertInstanceOf(AuthOutcome.Unavailable.class, jsaslClient(socket, "alice", "secret"));
            assertTrue(log.text().contains("backend unavailable"), log.text());
            log.assertNever("secret");
        }
    }

    /** Cyrus' testsaslauthd: its exit code (0 for OK, 255 otherwise) and its one line of output. */
    private record Cyrus(int exit, String output) {
    }

    private static Cyrus testsaslauthd(Path socket, String user, String password) throws Exception {
        String program = TestServices.require("Cyrus testsaslauthd", List.of("JSASL_TESTSASLAUTHD"))
                .get("JSASL_TESTSASLAUTHD");
        try (LineProcess p = LineProcess.start(List.of(program, "-u", user, "-p", password, "-s", "smtp", "-f",
                socket.toString()), Duration.ofSeconds(SAFETY_SECONDS))) {
            StringBuilder out = new StringBuilder();
            for (String line; (line = p.readLine()) != null;) {
                out.append(line).append('\n');
            }
            return new Cyrus(p.waitFor(), out.toString().strip());
        }
    }

    @Test
    void cyrusTestsaslauthdGetsOkForTheRightPasswordAndNoForAWrongOne() throws Exception {
        Path socket = daemon();
        Cyrus good = testsaslauthd(socket, "alice", "secret");
        assertEquals(new Cyrus(0, "0: OK \"Success.\""), good);
        Cyrus bad = testsaslauthd(socket, "alice", "nope");
        assertEquals(new Cyrus(255, "0: NO \"authentication failed\""), bad);
        assertEquals(new Cyrus(255, "0: NO \"authentication failed\""), testsaslauthd(socket, "mallory", "secret"));
    }

    @Test
    void cyrusTestsaslauthdSeesAClosedConnectionWhenTheBackendIsDown() throws Exception {
        Path socket = daemon(true, SaslauthdProtocol.DEFAULT_READ_DEADLINE);
        Cyrus down = testsaslauthd(socket, "alice", "secret");
        // No reply at all: testsaslauthd prints only "0:" (and "size read failed" on stderr), which
        // libsasl2 turns into SASL_FAIL, a temporary failure, never a wrong password.
        assertEquals(255, down.exit());
        assertEquals("0:", down.output());
    }

    // ---- hostile peers --------------------------------------------------------------------------

    private static byte[] field(byte[] value) {
        return ByteBuffer.allocate(2 + value.length).putShort((short) value.length).put(value).array();
    }

    private static byte[] request(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : fields) {
            out.writeBytes(field(f.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        return c;
    }

    /** Everything the daemon sends until it closes the connection. */
    private static byte[] readToEnd(SocketChannel c) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(256);
            try {
                while (c.read(b.clear()) >= 0) {
                    out.write(b.array(), 0, b.position());
                }
            } catch (IOException e) {
                // Reset by the daemon: the end all the same.
            }
            return out.toByteArray();
        }).get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends {@code bytes}, half-closes, and returns the daemon's whole answer. */
    private static byte[] send(Path socket, byte[] bytes) throws Exception {
        try (SocketChannel c = connect(socket)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.shutdownOutput();
            return readToEnd(c);
        }
    }

    private static final byte[] NONE = new byte[0];
    private static final byte[] OK = {0, 2, 'O', 'K'};
    private static final byte[] NO = {0, 2, 'N', 'O'};

    @Test
    void theRepliesAreTheRealSaslauthdsOkAndNo() throws Exception {
        Path socket = daemon();
        assertArrayEquals(OK, send(socket, request("alice", "secret", "smtp", "")));
        assertArrayEquals(NO, send(socket, request("alice", "secreT", "smtp", "")));
        assertArrayEquals(NO, send(socket, request("alice", "", "smtp", "")), "empty password");
        assertArrayEquals(NO, send(socket, request("", "secret", "smtp", "")), "empty login");
    }

    @Test
    void aTruncatedRequestIsClosedWithoutAReply() throws Exception {
        Path socket = daemon();
        byte[] whole = request("alice", "secret", "smtp", "");
        try (LogCapture log = new LogCapture()) {
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] part = java.util.Arrays.copyOf(whole, cut);
                assertArrayEquals(NONE, send(socket, part), "cut at " + cut);
            }
            log.assertNever("secret");
        }
    }

    @Test
    void anOversizedFieldIsClosedWithoutAReply() throws Exception {
        Path socket = daemon();
        byte[] huge = new byte[65535];
        java.util.Arrays.fill(huge, (byte) 'a');
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(field("alice".getBytes(StandardCharsets.US_ASCII)));
        req.writeBytes(field(huge));
        req.writeBytes(request("smtp", ""));
        assertArrayEquals(NONE, send(socket, req.toByteArray()), "65535-byte password");
        assertArrayEquals(NONE, send(socket, new byte[] {(byte) 0xff, (byte) 0xff, 'a'}), "65535-byte login, cut");
        assertArrayEquals(NONE, send(socket, request("a".repeat(1025), "secret", "smtp", "")), "1025-byte login");
    }

    @Test
    void garbageAndNulBytesNeverGetOk() throws Exception {
        Path socket = daemon();
        assertArrayEquals(NONE, send(socket, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(NONE, send(socket, request("alice\0bob", "secret", "smtp", "")), "NUL in login");
        assertArrayEquals(NONE, send(socket, request("alice", "secret\0x", "smtp", "")), "NUL in password");
        ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
        notUtf8.writeBytes(field(new byte[] {'a', (byte) 0xc3}));
        notUtf8.writeBytes(request("secret", "smtp", ""));
        assertArrayEquals(NONE, send(socket, notUtf8.toByteArray()), "login not UTF-8");
        // After all of that, the daemon still serves.
        assertArrayEquals(OK, send(socket, request("alice", "secret", "smtp", "")));
    }

    /** A saslauthd that accepts connections and never answers: a hung backend for the daemon under test. */
    private ServerSocketChannel hungSaslauthd(Path socket, AtomicInteger accepted) throws IOException {
        ServerSocketChannel hung = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        hung.bind(UnixDomainSocketAddress.of(socket));
        open.add(hung);
        List<SocketChannel> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        open.add(() -> {
            for (SocketChannel c : held) {
                c.close();
            }
        });
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    held.add(hung.accept());
                    accepted.incrementAndGet();
                }
            } catch (IOException e) {
                // Closed at the end of the test.
            }
        }, "hung-saslauthd");
        t.setDaemon(true);
        t.start();
        return hung;
    }

    @Test
    void aHungBackendAndAFullPoolAreClosedWithoutAReply() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        hungSaslauthd(dir.resolve("hung"), accepted);
        // The daemon under test checks passwords with jsasl's saslauthd client against the hung one.
        SaslConfig config = SaslConfig.of("pwcheck_method", "saslauthd", "saslauthd_path",
                dir.resolve("hung").toString(), "saslauthd_read_timeout", "600000");
        AuthdOptions one = new AuthdOptions("localhost", 1, 1, Duration.ofSeconds(2), Duration.ofHours(1),
                Duration.ofSeconds(150), 16384);
        Path socket = daemon(config, one);
        try (LogCapture log = new LogCapture()) {
            CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> sendUnchecked(socket));
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
            while (accepted.get() == 0) {
                assertTrue(System.nanoTime() < giveUp, "the check never reached the hung backend");
                Thread.sleep(10); // until the only check thread is stuck in the hung backend
            }
            // Of the next two, one waits in the queue (and times out), the other finds it full.
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> sendUnchecked(socket));
            CompletableFuture<byte[]> third = CompletableFuture.supplyAsync(() -> sendUnchecked(socket));
            assertArrayEquals(NONE, first.get(SAFETY_SECONDS, TimeUnit.SECONDS), "timed out");
            assertArrayEquals(NONE, second.get(SAFETY_SECONDS, TimeUnit.SECONDS));
            assertArrayEquals(NONE, third.get(SAFETY_SECONDS, TimeUnit.SECONDS));
            assertTrue(log.text().contains("too many checks waiting"), log.text());
            assertTrue(log.text().contains("no answer within 2000 ms"), log.text());
            log.assertNever("secret");
        }
    }

    private static byte[] sendUnchecked(Path socket) {
        try {
            return send(socket, request("alice", "secret", "smtp", ""));
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheDeadlineWhileOthersAreServed() throws Exception {
        Path socket = daemon(false, Duration.ofSeconds(1));
        try (SocketChannel silent = connect(socket)) {
            assertArrayEquals(OK, send(socket, request("alice", "secret", "smtp", "")));
            assertArrayEquals(NONE, readToEnd(silent), "closed without a reply");
        }
    }
}
