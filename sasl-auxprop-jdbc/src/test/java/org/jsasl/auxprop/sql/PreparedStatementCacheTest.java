package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lookup statement is prepared once per pooled connection, not once per login, and the cache
 * changes nothing else: row meanings stay, a statement that fails takes its connection out of the
 * pool so that the next login recovers, and no statement outlives its connection. Counted from
 * outside, through {@link CountingJdbcDriver} in front of SQLite.
 */
class PreparedStatementCacheTest {

    private Path dir;
    private CountingJdbcDriver driver;
    private ServerContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-stmt-cache");
        Path db = dir.resolve("users.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE mailbox (local_part TEXT, password TEXT, active CHAR(1))");
            st.executeUpdate("INSERT INTO mailbox VALUES ('alice', 'alice-pw', '1'), ('bob', 'bob-pw', '1'), "
                    + "('twice', 'a', '1'), ('twice', 'b', '1'), ('nopw', NULL, '1'), ('gone', 'gone-pw', '0')");
        }
        driver = CountingJdbcDriver.registered();
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: auxprop\nauxprop_plugin: sql\nsql_engine: sqlite3\n"
                + "sql_jdbc_url: " + CountingJdbcDriver.PREFIX + "sqlite:" + db + "\nsql_pool_size: 4\n"
                + "sql_select: SELECT password FROM mailbox WHERE local_part = '%u' AND active = '1'\n");
        ctx = ServerContext.load(conf);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ctx != null) {
            ctx.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String plain(String user, String password) throws SaslException {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "localhost", Exchange.cyrus(ctx, null), null);
        s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return s.getAuthorizationID();
    }

    private SqlAuxprop sql() {
        return (SqlAuxprop) ctx.auxprops().plugins().get(0);
    }

    private PropertyLookup lookup(String user) {
        return sql().lookup(new CanonicalUser(user, user, "localhost"), Set.of(AuxpropPlugin.USER_PASSWORD));
    }

    @Test
    void eachPooledConnectionPreparesTheLookupOnceNotOncePerLogin() throws Exception {
        for (int i = 0; i < 200; i++) {
            assertEquals("alice", plain("alice", "alice-pw"));
            assertThrows(AuthenticationException.class, () -> plain("bob", "wrong"));
        }
        long opened = sql().connectionsOpened();
        assertTrue(opened >= 1 && opened <= 4, "connections opened: " + opened);
        assertTrue(driver.prepared.get() <= opened, "statements prepared for 400 logins: " + driver.prepared.get()
                + " on " + opened + " connection(s)");
        assertEquals(driver.prepared.get(), sql().statementsPrepared());
    }

    @Test
    void concurrentLoginsShareThePoolAndStillPrepareOncePerConnection() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String user = t % 2 == 0 ? "alice" : "bob";
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        assertEquals(user, plain(user, user + "-pw"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(driver.prepared.get() <= 4, "statements prepared: " + driver.prepared.get());
    }

    @Test
    void noRowNullSeveralRowsAndFoundKeepTheirMeaningOnAReusedStatement() {
        for (int i = 0; i < 50; i++) {
            PropertyLookup.Found found = assertInstanceOf(PropertyLookup.Found.class, lookup("alice"));
            assertEquals(List.of("alice-pw"), found.values().get(AuxpropPlugin.USER_PASSWORD));
            assertInstanceOf(PropertyLookup.Refused.class, lookup("twice"));
            assertInstanceOf(PropertyLookup.NoUser.class, lookup("nobody"));
            assertInstanceOf(PropertyLookup.NoUser.class, lookup("gone"));
            PropertyLookup.Found nopw = assertInstanceOf(PropertyLookup.Found.class, lookup("nopw"));
            assertNull(nopw.values().get(AuxpropPlugin.USER_PASSWORD));
            assertInstanceOf(PropertyLookup.NoUser.class, lookup("alice' OR '1'='1"));
        }
        assertEquals(1, driver.prepared.get());
    }

    @Test
    void aStatementThatFailsRetiresItsConnectionAndTheNextLoginRecovers() throws Exception {
        assertEquals("alice", plain("alice", "alice-pw"));
        assertEquals(1, sql().connectionsOpened());
        driver.failNextExecutions.set(1);
        assertThrows(SaslUnavailableException.class, () -> plain("alice", "alice-pw"));
        assertEquals("alice", plain("alice", "alice-pw"), "the next login gets a new connection");
        assertThrows(AuthenticationException.class, () -> plain("alice", "wrong"));
        assertEquals(2, sql().connectionsOpened(), "the failed connection was not reused");
        assertEquals(1, driver.openConnections.get(), "the failed connection was closed");
        assertEquals(1, driver.openStatements.get(), "its statement was closed with it");
    }

    @Test
    void closingThePoolClosesEveryCachedStatementAndConnection() throws Exception {
        assertEquals("alice", plain("alice", "alice-pw"));
        assertEquals(1, driver.openStatements.get());
        ctx.close();
        ctx = null;
        assertEquals(0, driver.openStatements.get());
        assertEquals(0, driver.openConnections.get());
    }

    @Test
    void theCacheOfOneConnectionIsBoundedAndClosesWhatItDrops() throws Exception {
        AtomicLong prepared = new AtomicLong();
        Connection physical = DriverManager.getConnection(CountingJdbcDriver.PREFIX + "sqlite::memory:");
        try (StatementCachingConnection c = new StatementCachingConnection(physical, prepared)) {
            int n = StatementCachingConnection.MAX_STATEMENTS + 5;
            for (int i = 0; i < n; i++) {
                PreparedStatement ps = c.cached("SELECT " + i + " WHERE ? = ?", s -> s.setMaxRows(2));
                assertSame(ps, c.cached("SELECT " + i + " WHERE ? = ?", s -> {
                    throw new AssertionError("set up twice");
                }));
                ps.setString(1, "x");
                ps.setString(2, "x");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt(1));
                }
            }
            assertEquals(StatementCachingConnection.MAX_STATEMENTS, c.cachedCount());
            assertEquals(n, prepared.get());
            assertEquals(StatementCachingConnection.MAX_STATEMENTS, driver.openStatements.get());
        }
        assertEquals(0, driver.openStatements.get());
        assertEquals(0, driver.openConnections.get());
    }

    @Test
    void propertyNamesAreCheckedWithoutARegexAsBefore() {
        for (String ok : List.of("userPassword", "a", "cmusaslsecretPLAIN", "x_1", "A" + "b".repeat(63))) {
            assertTrue(SqlAuxprop.isPropertyName(ok), ok);
            assertTrue(ok.matches("[A-Za-z][A-Za-z0-9_]{0,63}"), ok);
        }
        for (String bad : List.of("", "1a", "_a", "a-b", "a b", "a;", "é", "A" + "b".repeat(64), "a\0")) {
            assertEquals(bad.matches("[A-Za-z][A-Za-z0-9_]{0,63}"), SqlAuxprop.isPropertyName(bad), bad);
        }
        assertInstanceOf(PropertyLookup.Refused.class, sql().lookup(new CanonicalUser("alice", "alice", "r"),
                Set.of("user; DROP")));
    }
}
