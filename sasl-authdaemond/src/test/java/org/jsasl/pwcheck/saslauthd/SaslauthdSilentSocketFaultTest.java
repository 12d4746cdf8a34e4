package org.jsasl.pwcheck.saslauthd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FaultLogins;
import org.jsasl.testkit.FaultLogins.Login;
import org.jsasl.testkit.FaultLogins.Verdict;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, injected faults: a saslauthd socket that accepts every connection, reads the request
 * and never answers (a hung saslauthd, or one whose backend hangs). Every login through it ends
 * "unavailable" within {@code saslauthd_read_timeout} plus slack, right and wrong passwords alike;
 * each connection is closed by jsasl once it gives up (no descriptor kept); and a context on the
 * real saslauthd in the same process keeps accepting at its usual speed meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SaslauthdSilentSocketFaultTest {

    static final int READ_TIMEOUT_MS = 1500;
    static final long BOUND_MS = READ_TIMEOUT_MS + 2000;
    static final int PARALLEL = 4;
    static final int ROUNDS = 3;

    private Path dir;
    private SilentServer silent;
    private ServerContext silentContext;
    private ServerContext realContext;

    /** Accepts, reads and discards until the client closes; never writes. Counts connections and closes seen. */
    static final class SilentServer implements AutoCloseable {
        final ServerSocketChannel server;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger closedByClient = new AtomicInteger();
        private final List<SocketChannel> channels = Collections.synchronizedList(new ArrayList<>());

        SilentServer(Path socket) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel ch = server.accept();
                        accepted.incrementAndGet();
                        channels.add(ch);
                        Thread reader = new Thread(() -> drain(ch), "silent-saslauthd-conn");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-saslauthd");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void drain(SocketChannel ch) {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            try {
                while (ch.read(buffer.clear()) >= 0) {
                    // The request's bytes (they hold a password): dropped, never answered.
                }
                closedByClient.incrementAndGet();
            } catch (IOException e) {
                // A reset is the client going away too.
                closedByClient.incrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (channels) {
                for (SocketChannel ch : channels) {
                    ch.close();
                }
            }
        }
    }

    @BeforeAll
    void contexts() throws Exception {
        Path real = TestDaemons.saslauthdSocket();   // skips (or fails under JSASL_REQUIRE_SERVICES=1) without the services
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-silent-saslauthd");
        Path socket = dir.resolve("mux");
        silent = new SilentServer(socket);
        Path silentConf = dir.resolve("silent.conf");
        Files.writeString(silentConf, "pwcheck_method: saslauthd\nmech_list: PLAIN\nsaslauthd_path: " + socket
                + "\nsaslauthd_connect_timeout: 1000\nsaslauthd_write_timeout: 1000\nsaslauthd_read_timeout: "
                + READ_TIMEOUT_MS + "\n");
        silentContext = ServerContext.load(silentConf);
        Path realConf = dir.resolve("real.conf");
        Files.writeString(realConf, "pwcheck_method: saslauthd\nmech_list: PLAIN\nsaslauthd_path: " + real + "\n");
        realContext = ServerContext.load(realConf);
    }

    @AfterAll
    void close() throws Exception {
        try {
            for (ServerContext c : new ServerContext[] {silentContext, realContext}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            if (silent != null) {
                silent.close();
            }
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void aSocketThatNeverAnswersIsUnavailableWithinTheReadTimeoutAndTheRealDaemonIsUnaffected() throws Exception {
        assertEquals(Verdict.ACCEPTED, FaultLogins.plain(realContext, "alice", "alice-secret", true).verdict());
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL + 1);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Login> real = Collections.synchronizedList(new ArrayList<>());
        try {
            Future<?> realLoop = pool.submit(() -> {
                while (running.get()) {
                    real.add(FaultLogins.plain(realContext, "alice", "alice-secret", true));
                    real.add(FaultLogins.plain(realContext, "alice", "wrong", false));
                }
            });
            List<Login> silentLogins = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Login>> futures = new ArrayList<>();
                for (int i = 0; i < PARALLEL; i++) {
                    boolean right = i % 2 == 0;
                    futures.add(pool.submit(() -> FaultLogins.plain(silentContext, "alice",
                            right ? "alice-secret" : "wrong", right)));
                }
                for (Future<Login> f : futures) {
                    silentLogins.add(f.get(BOUND_MS * 3, TimeUnit.MILLISECONDS));
                }
            }
            running.set(false);
            realLoop.get(30, TimeUnit.SECONDS);
            List<Login> realCopy;
            synchronized (real) {
                realCopy = List.copyOf(real);
            }
            System.out.println("[fault] silent saslauthd: " + silentLogins + "; real saslauthd meanwhile: "
                    + realCopy.size() + " logins, slowest " + realCopy.stream().mapToLong(Login::millis).max().orElse(0)
                    + " ms");
            for (Login l : silentLogins) {
                assertEquals(Verdict.UNAVAILABLE, l.verdict(), l.toString());
                assertTrue(l.millis() < BOUND_MS, l + " took longer than " + BOUND_MS + " ms");
            }
            assertTrue(!realCopy.isEmpty() && realCopy.stream().allMatch(l -> l.verdict() == l.expected()),
                    "real saslauthd: " + realCopy.stream().filter(l -> l.verdict() != l.expected()).limit(5).toList());
            assertTrue(realCopy.stream().allMatch(l -> l.millis() < 2000), "real saslauthd slowed down: "
                    + realCopy.stream().filter(l -> l.millis() >= 2000).limit(5).toList());
            // Every connection jsasl opened to the silent socket, it closed when it gave up.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (silent.closedByClient.get() < silent.accepted.get()) {
                assertTrue(System.nanoTime() < deadline, "connections left open: accepted " + silent.accepted.get()
                        + ", closed by jsasl " + silent.closedByClient.get());
                Thread.sleep(50);
            }
            assertEquals(PARALLEL * ROUNDS, silent.accepted.get(), "one connection per login");
        } finally {
            running.set(false);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
