package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jsasl.testkit.FaultLogins;
import org.jsasl.testkit.FaultLogins.Login;
import org.jsasl.testkit.FaultLogins.Verdict;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.PrivateService;
import org.jsasl.testkit.db.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, injected faults: the database server is killed with SIGKILL (the postmaster or
 * mariadbd and every child, as the kernel's OOM killer or a power cut would) while 8 threads log in
 * through one {@link ServerContext} with the sql auxprop, and is started again after a few seconds
 * with the service script's {@code resume}. Every login wholly inside the outage is unavailable
 * (454), none rejected and none accepted; no login gets the wrong verdict at any time; the same
 * context serves again once the server is back, and afterwards the pool holds no connection more
 * than the server sees (none leaked) and none is lent out.
 *
 * <p>It runs against a private second instance of the server ({@link PrivateService}: its own run
 * directory and port), so the shared one that other tests use is never killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class DatabaseKillFaultContract {

    static final int THREADS = 8;
    /** sql_connect_timeout of the context, in ms: how long a login waits for a connection. */
    static final int CONNECT_TIMEOUT_MS = 1000;
    /** sql_query_timeout of the context, in ms. */
    static final int QUERY_TIMEOUT_MS = 2000;
    /** How long the server stays dead. */
    static final long OUTAGE_MILLIS = 4000;

    /** The shared service's fixture (read only to skip without the services) and the private instance's settings. */
    abstract TestDatabase sharedDatabase();

    /** {@code scripts/services/<name>} of the server. */
    abstract String serviceName();

    /** The port variable of the script ({@code JSASL_PGSQL_PORT}). */
    abstract String portVariable();

    /** The variable prefix of the script's env ({@code JSASL_PGSQL}). */
    abstract String envPrefix();

    /** The sql_engine name. */
    abstract String engine();

    /** The JDBC URL of the private instance, for the setup SQL and the server-side connection count. */
    abstract String jdbcUrl(String host, int port, String db);

    /** The server's main process, from the private instance's pid file. */
    abstract ProcessHandle serverProcess(PrivateService service);

    /** SQL counting the server's sessions of {@code user} other than the one asking. */
    abstract String countOtherSessionsSql();

    private PrivateService service;
    private FaultLogins.PoolMetrics metrics;
    private AuthMetrics metricsBefore;
    private ServerContext ctx;
    private Path dir;
    private String host;
    private int port;
    private String db;
    private String user;
    private String password;

    @BeforeAll
    void startPrivateServerAndContext() throws Exception {
        sharedDatabase();   // skips (or fails under JSASL_REQUIRE_SERVICES=1) without the services
        Exchange.registerProvider();
        service = PrivateService.start(TestDatabase.repositoryRoot(), serviceName(),
                Map.of(portVariable(), Integer.toString(PrivateService.freePort())));
        host = service.get(envPrefix() + "_HOST");
        port = Integer.parseInt(service.get(envPrefix() + "_PORT"));
        db = service.get(envPrefix() + "_DB");
        user = service.get(envPrefix() + "_USER");
        password = service.get(envPrefix() + "_PASSWORD");
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS mailbox");
            st.executeUpdate("CREATE TABLE mailbox (local_part VARCHAR(255) NOT NULL, password VARCHAR(255))");
            st.executeUpdate("INSERT INTO mailbox VALUES ('alice', 'secret'), ('bob', 'bob-secret')");
        }
        // Installed before the context's first login, so that its pool's gauges are seen.
        metrics = new FaultLogins.PoolMetrics();
        metricsBefore = AuthMetrics.install(metrics);
        dir = Files.createTempDirectory("jsasl-kill-fault");
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: auxprop\nauxprop_plugin: sql\nmech_list: PLAIN\n"
                + "sql_engine: " + engine() + "\nsql_hostnames: " + host + ":" + port + "\nsql_database: " + db
                + "\nsql_user: " + user + "\nsql_passwd: " + password + "\nsql_connect_timeout: " + CONNECT_TIMEOUT_MS
                + "\nsql_query_timeout: " + QUERY_TIMEOUT_MS + "\nsql_pool_size: " + THREADS
                + "\nsql_select: SELECT password FROM mailbox WHERE local_part = '%u'\n");
        ctx = ServerContext.load(conf);
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (ctx != null) {
                ctx.close();
            }
        } finally {
            AuthMetrics.install(metricsBefore);
            if (service != null) {
                service.close();
            }
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(host, port, db), user, password);
    }

    @Test
    void killedMidLoadIsUnavailableThenRecoversWithoutANewContextOrALeakedConnection() throws Exception {
        String poolName = "jsasl-sql-" + engine();
        assertEquals(Verdict.ACCEPTED, FaultLogins.plain(ctx, "alice", "secret", true).verdict());
        List<Login> logins = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long killingAt;
        long killedAt;
        long resumeStartedAt;
        long resumedAt;
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    int i = 0;
                    while (running.get()) {
                        // Right, wrong and unknown in turn: a wrong verdict of any kind would show.
                        Login l = switch ((thread + i++) % 4) {
                            case 0 -> FaultLogins.plain(ctx, "alice", "secret", true);
                            case 1 -> FaultLogins.plain(ctx, "alice", "not-the-secret", false);
                            case 2 -> FaultLogins.plain(ctx, "bob", "bob-secret", true);
                            default -> FaultLogins.plain(ctx, "nobody", "secret", false);
                        };
                        logins.add(l);
                    }
                }));
            }
            Thread.sleep(1500);
            ProcessHandle server = serverProcess(service);
            try {
                // Taken before the signal: a login that ends while kill(1) runs may have met the dead server.
                killingAt = System.nanoTime();
                PrivateService.signal(server, "KILL", true);
                killedAt = System.nanoTime();
                long deadline = System.currentTimeMillis() + 10_000;
                while (server.isAlive() || server.descendants().anyMatch(ProcessHandle::isAlive)) {
                    assertTrue(System.currentTimeMillis() < deadline, "the server survived SIGKILL");
                    Thread.sleep(20);
                }
                Thread.sleep(OUTAGE_MILLIS);
            } finally {
                resumeStartedAt = System.nanoTime();
                service.run("resume");
                resumedAt = System.nanoTime();
            }
            // Until the context serves again by itself (the pool reconnects on its next borrow).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (FaultLogins.plain(ctx, "alice", "secret", true).verdict() != Verdict.ACCEPTED) {
                assertTrue(System.nanoTime() < deadline, "no recovery within 30 s of resume");
                Thread.sleep(100);
            }
            long recoveredAt = System.nanoTime();
            Thread.sleep(1500);
            running.set(false);
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
            List<Login> all;
            synchronized (logins) {
                all = List.copyOf(logins);
            }
            List<Login> before = all.stream().filter(l -> l.endNanos() < killingAt).toList();
            List<Login> during = all.stream()
                    .filter(l -> l.startNanos() > killedAt && l.endNanos() < resumeStartedAt).toList();
            List<Login> after = all.stream().filter(l -> l.startNanos() > recoveredAt).toList();
            List<Login> wrong = all.stream()
                    .filter(l -> l.verdict() != l.expected() && l.verdict() != Verdict.UNAVAILABLE).toList();
            String summary = engine() + ": " + all.size() + " logins; before the kill " + before.size()
                    + ", wholly inside the outage " + during.size() + ", after recovery " + after.size()
                    + "; resume took " + (resumedAt - resumeStartedAt) / 1_000_000 + " ms, recovery "
                    + (recoveredAt - resumedAt) / 1_000_000 + " ms after it; slowest login in the outage "
                    + during.stream().mapToLong(Login::millis).max().orElse(0) + " ms";
            System.out.println("[fault] " + summary);
            assertTrue(wrong.isEmpty(), "wrong verdicts: " + wrong.stream().limit(10).toList() + " — " + summary);
            assertTrue(before.stream().allMatch(l -> l.verdict() == l.expected()),
                    "before the kill: " + before.stream().filter(l -> l.verdict() != l.expected()).limit(5).toList());
            assertTrue(during.size() >= THREADS, "too few logins inside the outage: " + summary);
            assertTrue(during.stream().allMatch(l -> l.verdict() == Verdict.UNAVAILABLE),
                    "inside the outage: " + during.stream().filter(l -> l.verdict() != Verdict.UNAVAILABLE)
                            .limit(10).toList());
            // Bounded: a connection refused fails the borrow within the connect timeout; a
            // connection cut mid-query fails at once.
            long bound = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS + 5000;
            assertTrue(during.stream().allMatch(l -> l.millis() < bound),
                    "a login in the outage took longer than " + bound + " ms: " + summary);
            assertTrue(!after.isEmpty() && after.stream().allMatch(l -> l.verdict() == l.expected()),
                    "after recovery: " + after.stream().filter(l -> l.verdict() != l.expected()).limit(10).toList());
        } finally {
            running.set(false);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        // No connection leaked: none lent out, and every connection the pool counts is a session the
        // server sees (HikariCP may still be closing a dead one or opening one: wait for it to settle).
        AuthMetrics.PoolGauges gauges = metrics.gauges(poolName);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            int sessions = serverSessions();
            if (gauges.active() == 0 && gauges.total() == sessions && gauges.total() <= THREADS) {
                System.out.println("[fault] " + engine() + " pool after recovery: " + FaultLogins.PoolMetrics.describe(gauges)
                        + "; server sessions " + sessions + "; connections opened " + sql().connectionsOpened());
                break;
            }
            assertTrue(System.nanoTime() < deadline, "pool does not match the server: "
                    + FaultLogins.PoolMetrics.describe(gauges) + ", server sessions " + sessions);
            Thread.sleep(200);
        }
    }

    private SqlAuxprop sql() {
        return (SqlAuxprop) ctx.auxprops().plugins().get(0);
    }

    private int serverSessions() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(countOtherSessionsSql())) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The pid on the first line of {@code pidFile}; fails when there is none. */
    static ProcessHandle fromPidFile(Path pidFile) {
        return PrivateService.processFromPidFile(pidFile)
                .orElseThrow(() -> new AssertionError("no live server in " + pidFile));
    }
}
