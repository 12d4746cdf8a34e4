package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.FaultLogins;
import org.jsasl.testkit.FaultLogins.Login;
import org.jsasl.testkit.FaultLogins.Verdict;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.db.TestDatabase;
import org.jsasl.testkit.net.FaultyProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, injected faults: a {@link FaultyProxy} on loopback between the sql auxprop and a
 * real database server (PostgreSQL, MariaDB: a subclass each), that stalls (accepts and never forwards), drops (cuts a connection mid-message)
 * or trickles (one byte per 100 ms). Each login must end "unavailable" within the configured
 * timeouts plus slack — an upper bound that proves no thread hangs, not a performance figure —
 * and the same context serves normally once the proxy passes again.
 *
 * <p>The proxy only touches this test's own connections: the shared server is never stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class NetworkFaultContract {

    static final int CONNECT_TIMEOUT_MS = 1000;
    static final int QUERY_TIMEOUT_MS = 1000;
    /**
     * The most a login may take while the network misbehaves: a borrow waits at most the connect
     * timeout, a statement at most the driver's socket timeout (the query timeout + 5 s, see
     * SqlSettings.url) — the query timeout's cancel request goes through the same broken path, so
     * the socket timeout is the bound that holds — plus 3 s of slack for a busy machine.
     */
    static final long BOUND_MS = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS + 5000 + 3000;
    /** The shared server of this engine (the proxy only touches this test's own connections). */
    abstract TestDatabase database();

    /** The bound for a statement stalled on an open (pooled) connection. */
    abstract long stalledStatementBoundMs();

    static final int PARALLEL = 4;
    static final String TABLE = "jsasl_fault_proxy";

    TestDatabase db;
    private Path dir;
    FaultyProxy proxy;
    ServerContext ctx;
    private ExecutorService pool;

    @BeforeAll
    void createTable() throws Exception {
        db = database();
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-proxy-fault");
        // A table of its own: other tests (and other Maven runs) use "mailbox" in the same database.
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
            st.executeUpdate("CREATE TABLE " + TABLE + " (local_part VARCHAR(255) NOT NULL, password VARCHAR(255))");
            st.executeUpdate("INSERT INTO " + TABLE + " VALUES ('alice', 'secret')");
        }
        pool = Executors.newFixedThreadPool(PARALLEL);
    }

    @BeforeEach
    void proxyAndContext() throws Exception {
        proxy = new FaultyProxy(db.host(), db.port());
        ctx = warmContext("");
    }

    /** A context through the proxy (with {@code extraLines} first: the first key wins), with one login done. */
    ServerContext warmContext(String extraLines) throws Exception {
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, extraLines + "pwcheck_method: auxprop\nauxprop_plugin: sql\nmech_list: PLAIN\n"
                + "sql_engine: " + db.engine() + "\nsql_hostnames: " + proxy.host() + ":" + proxy.port() + "\nsql_database: "
                + db.database() + "\nsql_user: " + db.user() + "\nsql_passwd: " + db.password()
                + "\nsql_connect_timeout: " + CONNECT_TIMEOUT_MS + "\nsql_query_timeout: " + QUERY_TIMEOUT_MS
                + "\nsql_pool_size: " + PARALLEL
                + "\nsql_select: SELECT password FROM " + TABLE + " WHERE local_part = '%u'\n");
        ServerContext c = ServerContext.load(conf);
        // Warm: the pool holds a connection through the proxy before the fault.
        assertEquals(Verdict.ACCEPTED, FaultLogins.plain(c, "alice", "secret", true).verdict());
        return c;
    }

    @AfterEach
    void closeProxyAndContext() throws Exception {
        try {
            if (proxy != null) {
                proxy.mode(FaultyProxy.Mode.PASS);
                proxy.close();
            }
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    @AfterAll
    void dropTable() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (db != null) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aStalledConnectionEndsEveryLoginUnavailableWithinTheTimeouts() throws Exception {
        proxy.mode(FaultyProxy.Mode.STALL);
        // The pooled connection stalls mid-query; the others stall in the handshake.
        assertBoundedAndUnavailable("stall (pooled connection)", stalledStatementBoundMs());
        proxy.cutAll();
        assertBoundedAndUnavailable("stall (new connections)", BOUND_MS);
        recovers("stall");
    }

    @Test
    void aConnectionDroppedMidMessageEndsEveryLoginUnavailableWithinTheTimeouts() throws Exception {
        proxy.mode(FaultyProxy.Mode.DROP);
        assertBoundedAndUnavailable("drop", BOUND_MS);
        recovers("drop");
    }

    @Test
    void aTricklingConnectionEndsEveryLoginUnavailableWithinTheTimeouts() throws Exception {
        proxy.mode(FaultyProxy.Mode.TRICKLE);
        assertBoundedAndUnavailable("trickle (pooled connection)", BOUND_MS);
        proxy.cutAll();
        assertBoundedAndUnavailable("trickle (new connections)", BOUND_MS);
        recovers("trickle");
    }

    /** {@link #PARALLEL} logins at once (right and wrong passwords): each unavailable, each within {@code boundMs}. */
    void assertBoundedAndUnavailable(String fault, long boundMs) throws Exception {
        List<Future<Login>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            boolean right = i % 2 == 0;
            futures.add(pool.submit(() -> FaultLogins.plain(ctx, "alice", right ? "secret" : "wrong", right)));
        }
        List<Login> logins = new ArrayList<>();
        for (Future<Login> f : futures) {
            // Far above the bound: only a hung thread gets here, and then the test says so.
            logins.add(f.get(boundMs * 3, TimeUnit.MILLISECONDS));
        }
        System.out.println("[fault] " + db.engine() + " " + fault + ": " + logins);
        for (Login l : logins) {
            assertEquals(Verdict.UNAVAILABLE, l.verdict(), fault + ": " + l);
            assertTrue(l.millis() < boundMs, fault + ": " + l + " took longer than " + boundMs + " ms");
        }
    }

    /** Once the proxy passes again, the same context accepts the right password and rejects a wrong one. */
    void recovers(String fault) throws Exception {
        proxy.mode(FaultyProxy.Mode.PASS);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(20);
        Login l;
        while ((l = FaultLogins.plain(ctx, "alice", "secret", true)).verdict() != Verdict.ACCEPTED) {
            assertEquals(Verdict.UNAVAILABLE, l.verdict(), fault + " recovery: " + l);
            assertTrue(System.nanoTime() < deadline, fault + ": no recovery within 20 s of the proxy passing");
            Thread.sleep(100);
        }
        System.out.println("[fault] " + db.engine() + " " + fault + ": serving again " + (System.nanoTime() - start) / 1_000_000
                + " ms after the proxy passed");
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.ACCEPTED, FaultLogins.plain(ctx, "alice", "secret", true).verdict());
            assertEquals(Verdict.REJECTED, FaultLogins.plain(ctx, "alice", "wrong", false).verdict());
        }
    }
}
