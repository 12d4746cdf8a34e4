package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.Soak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The soak of issue 13 on one database engine: {@link Soak#logins()} PLAIN logins (right, wrong
 * and unknown mixed) at 16 threads through {@code Sasl.createSaslServer} in Cyrus mode, with zero
 * errors and zero wrong verdicts; afterwards no connection is lent out, the pool never opened more
 * connections than its size (none leaked and replaced), and once the context is closed the pool
 * holds none and the process' file descriptors and threads are back where they started.
 *
 * <p>The users' hashes are MD5-crypt ({@code $1$}): the soak is about the pool and the plumbing,
 * and a cheap hash lets the database, not the CPU, set the pace. The table has its own name
 * ({@code soak_mailbox}) so that it survives the contract tests dropping theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlSoakContract {

    static final int THREADS = 16;
    static final int USERS = 500;
    static final int POOL_SIZE = 8;
    private static final String TABLE = "soak_mailbox";

    /** The engine's name in the figures: postgresql, mariadb, sqlite. */
    abstract String name();

    /** {@code sql_engine} and the connection options, as smtpd.conf lines. */
    abstract String connectionLines() throws Exception;

    /** A connection for creating the table. */
    abstract Connection admin() throws SQLException;

    Path dir;
    private Path conf;

    @BeforeAll
    void seed() throws Exception {
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-soak");
        PasswordHasher hasher = new PasswordHasher();
        try (Connection c = admin()) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
                st.executeUpdate("CREATE TABLE " + TABLE + " (local_part VARCHAR(255) NOT NULL PRIMARY KEY, "
                        + "password VARCHAR(255) NOT NULL, active CHAR(1) NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, '1')")) {
                for (int u = 0; u < USERS; u++) {
                    ins.setString(1, user(u));
                    ins.setString(2, hasher.hash(PasswordHasher.Format.MD5,
                            password(u).getBytes(StandardCharsets.UTF_8), 0));
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
        // The first occurrence of a key wins: the soak's pool size and a connect timeout that a busy
        // machine does not reach come before the engine's lines.
        conf = dir.resolve("soak.conf");
        Files.writeString(conf, "sql_pool_size: " + POOL_SIZE + "\nsql_connect_timeout: 10000\n"
                + connectionLines()
                + "pwcheck_method: auxprop\nauxprop_plugin: sql\npassword_format: crypt\nmech_list: PLAIN\nrealm_list: none\n"
                + "sql_select: SELECT password FROM " + TABLE + " WHERE local_part='%u' AND active='1'\n");
    }

    @AfterAll
    void dropTable() throws Exception {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String user(int u) {
        return "soak" + u;
    }

    static String password(int u) {
        return "pw-" + u + "-soak";
    }

    /** One PLAIN login of login number {@code n}; throws on anything but accepted or rejected. */
    static Soak.Verdict login(ServerContext ctx, int n, Soak.Expect expect) throws Exception {
        int u = n % USERS;
        String name = expect == Soak.Expect.UNKNOWN ? "nosuch" + u : user(u);
        String pw = expect == Soak.Expect.WRONG ? password(u) + "x" : password(u);
        return Soak.plain(ctx, "smtp", name, pw);
    }

    /** Records the pools that open while installed, so that their counts can be read after the run. */
    static final class PoolWatch implements AuthMetrics {
        final List<PoolGauges> pools = new CopyOnWriteArrayList<>();
        final AtomicInteger registered = new AtomicInteger();

        @Override
        public void authentication(String mechanism, String service, Outcome outcome) {
        }

        @Override
        public Registration pool(String pool, PoolGauges gauges) {
            pools.add(gauges);
            registered.incrementAndGet();
            return registered::decrementAndGet;
        }

        /** Connections open in every pool seen, 0 for a pool that cannot answer any more (closed). */
        int total() {
            int sum = 0;
            for (PoolGauges g : pools) {
                try {
                    sum += g.total();
                } catch (RuntimeException closed) {
                    // A shut-down HikariCP pool may refuse to answer: it holds nothing.
                }
            }
            return sum;
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void loginsAtSixteenThreadsLeaveNothingBehind() throws Exception {
        PoolWatch watch = new PoolWatch();
        AuthMetrics previous = AuthMetrics.install(watch);
        try {
            // A short warm-up on a context of its own, closed, so that class loading (and the jar
            // files it opens) and JIT threads are not counted as leaks.
            try (ServerContext warm = ServerContext.load(conf)) {
                Soak.run(name() + "-warmup", 2000, THREADS, 300, (n, e) -> login(warm, n, e)).assertClean();
            }
            Thread.sleep(500);
            watch.pools.clear();
            int registeredBefore = watch.registered.get();
            int poolBefore = watch.total();
            Soak.Resources before = Soak.Resources.now();
            int logins = Soak.logins();
            long opened;
            int total;
            try (ServerContext ctx = ServerContext.load(conf)) {
                SqlAuxprop sql = (SqlAuxprop) ctx.auxprops().plugins().get(0);
                Soak.Result r = Soak.run(name(), logins, THREADS, 1200, (n, e) -> login(ctx, n, e));
                opened = sql.connectionsOpened();
                assertEquals(1, watch.pools.size(), "one pool for the context");
                AuthMetrics.PoolGauges g = watch.pools.get(0);
                total = g.total();
                System.out.printf("SOAK %s pool: size=%d total=%d active=%d idle=%d pending=%d physical-opened=%d%n",
                        name(), POOL_SIZE, total, g.active(), g.idle(), g.pending(), opened);
                r.assertClean();
                assertEquals(0, g.active(), "connections still lent out after the run");
                assertEquals(0, g.pending(), "threads still waiting for a connection");
                assertTrue(total <= POOL_SIZE, "pool above its size: " + total);
                assertTrue(opened <= POOL_SIZE, "the pool opened " + opened + " connections for " + POOL_SIZE
                        + " slots: connections were lost and replaced");
            }
            int poolAfter = watch.total();
            System.out.printf("SOAK %s pool connections: before=%d during=%d after-close=%d gauges-registered=%d->%d%n",
                    name(), poolBefore, total, poolAfter, registeredBefore, watch.registered.get());
            assertEquals(poolBefore, poolAfter, "pool connections after closing the context");
            assertEquals(registeredBefore, watch.registered.get(), "the pool's gauges were not closed");
            Soak.Resources after = Soak.Resources.settle(before, 15);
            Soak.Resources.assertBack(name(), before, after, 2, 1);
        } finally {
            AuthMetrics.install(previous);
        }
    }
}
