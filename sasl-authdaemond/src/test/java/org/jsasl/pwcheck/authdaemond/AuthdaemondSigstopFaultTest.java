package org.jsasl.pwcheck.authdaemond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FaultLogins;
import org.jsasl.testkit.FaultLogins.Login;
import org.jsasl.testkit.FaultLogins.Verdict;
import org.jsasl.testkit.PrivateService;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, injected faults: the courier authdaemond (its parent and every worker) is frozen with
 * SIGSTOP while 4 threads log in through it. The kernel still queues connections on the listening
 * socket, so the client connects and writes its request and then waits: every login during the
 * freeze must end "unavailable" within {@code authdaemond_read_timeout} plus slack, none rejected
 * and none accepted; a context on another backend serves as usual meanwhile; after SIGCONT the same
 * context serves again.
 *
 * <p>It freezes a private second authdaemond ({@link PrivateService}: its own run directory and
 * socket), never the shared one; SIGCONT is always sent in a finally block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthdaemondSigstopFaultTest {

    static final int READ_TIMEOUT_MS = 2000;
    static final int THREADS = 4;
    static final long FREEZE_MILLIS = 7000;
    /** The read timeout (connect and write end at once: the kernel takes them) plus slack for a busy machine. */
    static final long BOUND_MS = READ_TIMEOUT_MS + 2000;

    private PrivateService daemon;
    private Path dir;
    private ServerContext authdaemond;
    private ServerContext other;

    @BeforeAll
    void startPrivateDaemon() throws Exception {
        TestDaemons.authdaemondSocket();   // skips (or fails under JSASL_REQUIRE_SERVICES=1) without the services
        Exchange.registerProvider();
        daemon = PrivateService.start(PrivateService.repositoryRoot(), "authdaemond", Map.of());
        dir = Files.createTempDirectory("jsasl-sigstop-fault");
        Path conf = dir.resolve("authdaemond.conf");
        Files.writeString(conf, "pwcheck_method: authdaemond\nmech_list: PLAIN\n"
                + "authdaemond_path: " + daemon.get("JSASL_AUTHDAEMOND_SOCKET") + "\n"
                + "authdaemond_connect_timeout: 1000\nauthdaemond_write_timeout: 1000\n"
                + "authdaemond_read_timeout: " + READ_TIMEOUT_MS + "\n");
        authdaemond = ServerContext.load(conf);
        Path otherConf = dir.resolve("other.conf");
        Files.writeString(otherConf, "pwcheck_method: auxprop\nauxprop_plugin: memory\nmech_list: PLAIN\n"
                + "memory_userpassword: erin=erin-pw\n");
        other = ServerContext.load(otherConf);
    }

    @AfterAll
    void stopPrivateDaemon() throws Exception {
        try {
            for (ServerContext c : new ServerContext[] {authdaemond, other}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void aFrozenDaemonIsUnavailableWithinTheReadTimeoutAndServesAgainAfterSigcont() throws Exception {
        assertEquals(Verdict.ACCEPTED, FaultLogins.plain(authdaemond, "alice", "alice-secret", true).verdict());
        ProcessHandle process = PrivateService.processFromPidFile(Path.of(daemon.get("JSASL_AUTHDAEMOND_PID")))
                .orElseThrow(() -> new AssertionError("no private authdaemond running"));
        List<Login> logins = Collections.synchronizedList(new ArrayList<>());
        List<Login> others = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<Future<?>> workers = new ArrayList<>();
        long stoppedAt;
        long continuingAt;
        long continuedAt;
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    int i = 0;
                    while (running.get()) {
                        logins.add(switch ((thread + i++) % 3) {
                            case 0 -> FaultLogins.plain(authdaemond, "alice", "alice-secret", true);
                            case 1 -> FaultLogins.plain(authdaemond, "bob", "not-bobs", false);
                            default -> FaultLogins.plain(authdaemond, "nobody", "x", false);
                        });
                    }
                }));
            }
            // Another backend in the same process, all along.
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    others.add(FaultLogins.plain(other, "erin", "erin-pw", true));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
            Thread.sleep(1000);
            try {
                // The parent and its workers: the workers are the ones that accept and answer.
                PrivateService.signal(process, "STOP", true);
                stoppedAt = System.nanoTime();
                Thread.sleep(FREEZE_MILLIS);
            } finally {
                // Taken before the signal: a login that ends while kill(1) runs may have been answered.
                continuingAt = System.nanoTime();
                PrivateService.signal(process, "CONT", true);
                continuedAt = System.nanoTime();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (FaultLogins.plain(authdaemond, "alice", "alice-secret", true).verdict() != Verdict.ACCEPTED) {
                assertTrue(System.nanoTime() < deadline, "no recovery within 20 s of SIGCONT");
                Thread.sleep(100);
            }
            long recoveredAt = System.nanoTime();
            Thread.sleep(1000);
            running.set(false);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            List<Login> all;
            synchronized (logins) {
                all = List.copyOf(logins);
            }
            List<Login> frozen = all.stream()
                    .filter(l -> l.startNanos() > stoppedAt && l.endNanos() < continuingAt).toList();
            List<Login> after = all.stream().filter(l -> l.startNanos() > recoveredAt).toList();
            List<Login> wrong = all.stream()
                    .filter(l -> l.verdict() != l.expected() && l.verdict() != Verdict.UNAVAILABLE).toList();
            List<Login> othersDuring;
            synchronized (others) {
                othersDuring = others.stream()
                        .filter(l -> l.startNanos() > stoppedAt && l.endNanos() < continuingAt).toList();
            }
            String summary = "authdaemond: " + all.size() + " logins, " + frozen.size() + " wholly inside the freeze"
                    + " (slowest " + frozen.stream().mapToLong(Login::millis).max().orElse(0) + " ms), "
                    + after.size() + " after recovery (" + (recoveredAt - continuedAt) / 1_000_000
                    + " ms after SIGCONT); other backend: " + othersDuring.size() + " logins in the freeze, slowest "
                    + othersDuring.stream().mapToLong(Login::millis).max().orElse(0) + " ms";
            System.out.println("[fault] " + summary);
            assertTrue(wrong.isEmpty(), "wrong verdicts: " + wrong.stream().limit(10).toList());
            assertTrue(frozen.size() >= THREADS, "too few logins inside the freeze: " + summary);
            assertTrue(frozen.stream().allMatch(l -> l.verdict() == Verdict.UNAVAILABLE),
                    "inside the freeze: " + frozen.stream().filter(l -> l.verdict() != Verdict.UNAVAILABLE).toList());
            // Every login, also those in flight when the daemon froze.
            assertTrue(all.stream().allMatch(l -> l.millis() < BOUND_MS), "a login took longer than " + BOUND_MS
                    + " ms: " + all.stream().filter(l -> l.millis() >= BOUND_MS).limit(5).toList());
            assertTrue(!after.isEmpty() && after.stream().allMatch(l -> l.verdict() == l.expected()),
                    "after SIGCONT: " + after.stream().filter(l -> l.verdict() != l.expected()).limit(10).toList());
            assertTrue(!othersDuring.isEmpty() && othersDuring.stream().allMatch(
                    l -> l.verdict() == Verdict.ACCEPTED && l.millis() < 1000),
                    "the other backend during the freeze: " + othersDuring.stream()
                            .filter(l -> l.verdict() != Verdict.ACCEPTED || l.millis() >= 1000).limit(5).toList());
        } finally {
            running.set(false);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
