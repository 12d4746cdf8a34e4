package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.pwcheck.Password;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the sql auxprop promises, run against every engine by a subclass: the seed's table and
 * statement, one meaning of rows and NULL, injection-proof placeholders, storing passwords, and
 * "unavailable" while the database is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlAuxpropContract {

    /** SHA-512-crypt of "secret" made by libxcrypt (crypt_rn("secret", "$6$saltsaltsaltsalt$")). */
    static final String SECRET_SHA512 =
            "$6$saltsaltsaltsalt$ph0yGsyjzqdeFaon7.gJZo8eAG5/rj9/JdzOu1Rl7dKzBYg3xgvl7T2VQ2Rt81bc5AXkdA54r0p8QvC1omD6R1";

    /** A fresh directory for this class's config files (and SQLite's database file). */
    Path dir;

    /** {@code sql_engine} and the connection options for this engine, as smtpd.conf lines. */
    abstract String connectionLines();

    /** A connection for creating the test tables. */
    abstract Connection admin() throws SQLException;

    private Path cryptConf;
    private Path clearConf;
    private Path storeConf;
    private ServerContext crypt;
    private ServerContext clear;
    private ServerContext store;

    @BeforeAll
    void createTablesAndContexts() throws Exception {
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-sql-test");
        try (Connection c = admin(); Statement st = c.createStatement()) {
            for (String t : List.of("mailbox", "users")) {
                st.executeUpdate("DROP TABLE IF EXISTS " + t);
            }
            st.executeUpdate("CREATE TABLE mailbox (local_part VARCHAR(255) NOT NULL, domain VARCHAR(255) NOT NULL, "
                    + "password VARCHAR(255), active CHAR(1) NOT NULL)");
            st.executeUpdate("INSERT INTO mailbox VALUES ('alice', 'example.org', '" + SECRET_SHA512 + "', '1')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('admin', 'example.org', '" + SECRET_SHA512 + "', '1')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('twice', 'example.org', '" + SECRET_SHA512 + "', '1')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('twice', 'example.net', '" + SECRET_SHA512 + "', '1')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('nopw', 'example.org', NULL, '1')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('gone', 'example.org', '" + SECRET_SHA512 + "', '0')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('plain', 'example.org', 'secret', '1')");
            st.executeUpdate("INSERT INTO mailbox VALUES ('O''Brien', 'example.org', '" + SECRET_SHA512 + "', '1')");
            st.executeUpdate("CREATE TABLE users (name VARCHAR(255) NOT NULL, realm VARCHAR(255) NOT NULL, "
                    + "pw VARCHAR(255))");
        }
        cryptConf = write("crypt.conf", "pwcheck_method: auxprop\nauxprop_plugin: sql\npassword_format: crypt\n"
                + "mech_list: PLAIN LOGIN\nlog_level: 7\n"
                + "sql_select: SELECT password FROM mailbox WHERE local_part='%u' AND active='1'\n");
        clearConf = write("clear.conf", "pwcheck_method: auxprop\nauxprop_plugin: sql\n"
                + "sql_select: SELECT password FROM mailbox WHERE local_part = %u AND domain = '%r'\n");
        storeConf = write("store.conf", "pwcheck_method: auxprop\nauxprop_plugin: sql\npassword_format: crypt\n"
                + "sql_select: SELECT pw FROM users WHERE name = '%u' AND realm = '%r'\n"
                + "sql_insert: INSERT INTO users (name, realm, pw) VALUES ('%u', '%r', '%v')\n"
                + "sql_update: UPDATE users SET pw = '%v' WHERE name = '%u' AND realm = '%r'\n");
        crypt = ServerContext.load(cryptConf);
        clear = ServerContext.load(clearConf);
        store = ServerContext.load(storeConf);
    }

    @AfterAll
    void closeContexts() throws Exception {
        for (ServerContext c : new ServerContext[] {crypt, clear, store}) {
            if (c != null) {
                c.close();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Path write(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, connectionLines() + body);
        return p;
    }

    /** One PLAIN exchange through the provider; returns the authorization id or throws. */
    static String plain(ServerContext ctx, String realm, String user, String password) throws SaslException {
        Map<String, Object> props = Exchange.cyrus(ctx, realm);
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.org", props, null);
        s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return s.getAuthorizationID();
    }

    static SqlAuxprop sql(ServerContext ctx) {
        return (SqlAuxprop) ctx.auxprops().plugins().get(0);
    }

    @Test
    void theSeedsStatementAuthenticatesACryptUser() throws Exception {
        assertEquals("alice", plain(crypt, null, "alice", "secret"));
    }

    @Test
    void wrongPasswordUnknownUserInactiveUserAndNullPasswordAreRejected() {
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "alice", "Secret"));
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "nobody", "secret"));
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "gone", "secret"));
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "nopw", ""));
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "nopw", "secret"));
    }

    @Test
    void theHashItselfIsNotAPasswordUnderCrypt() {
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "alice", SECRET_SHA512));
    }

    @Test
    void moreThanOneRowRefusesAndLogsTheUser() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertThrows(AuthenticationException.class, () -> plain(crypt, null, "twice", "secret"));
            assertTrue(log.text().contains("more than one row for 'twice'"), log.text());
            log.assertNever("secret");
        }
    }

    @Test
    void sqlNullIsNoValueOnEveryEngine() {
        PropertyLookup r = sql(crypt).lookup(new CanonicalUser("nopw", "nopw", "x"), Set.of(AuxpropPlugin.USER_PASSWORD));
        PropertyLookup.Found f = assertInstanceOf(PropertyLookup.Found.class, r);
        assertNull(f.values().get(AuxpropPlugin.USER_PASSWORD));
    }

    @Test
    void quotesInANameAreData() throws Exception {
        assertEquals("O'Brien", plain(crypt, null, "O'Brien", "secret"));
    }

    @Test
    void injectionAttemptsCannotChangeTheQuery() {
        for (String name : List.of("x' OR '1'='1", "x' OR 1=1 --", "admin'--", "admin' #", "%r", "%u", "\\", "'",
                "\"", "admin\\", "admin\\'", "a\nb", "'; DROP TABLE mailbox; --", "x\" OR \"1\"=\"1", "*",
                "admin%", "_dmin", "x".repeat(1000))) {
            assertThrows(AuthenticationException.class, () -> plain(crypt, null, name, "secret"), name);
            assertThrows(AuthenticationException.class, () -> plain(clear, "example.org", name, "secret"), name);
        }
        for (String name : List.of("a\0b", "x".repeat(10_000), "admin' OR '1'='1")) {
            PropertyLookup r = sql(crypt).lookup(new CanonicalUser(name, name, "r"), Set.of(AuxpropPlugin.USER_PASSWORD));
            assertInstanceOf(PropertyLookup.NoUser.class, r, name.length() > 50 ? "long name" : name);
        }
        assertInstanceOf(PropertyLookup.Found.class, sql(crypt).lookup(new CanonicalUser("alice", "alice", "r"),
                Set.of(AuxpropPlugin.USER_PASSWORD)), "the table is still there");
    }

    @Test
    void realmPlaceholderAndCleartextComparison() throws Exception {
        assertEquals("plain@example.org", plain(clear, "example.org", "plain", "secret"));
        assertThrows(AuthenticationException.class, () -> plain(clear, "example.net", "plain", "secret"));
        assertThrows(AuthenticationException.class, () -> plain(clear, "example.org", "plain", "secreT"));
        assertThrows(AuthenticationException.class, () -> plain(clear, "example.org", "alice", SECRET_SHA512 + "x"));
    }

    @Test
    void passwordsAreStoredThroughInsertThenUpdate() throws Exception {
        try (Password first = Password.ofChars("first-pw".toCharArray());
                Password second = Password.ofChars("second-pw".toCharArray())) {
            assertInstanceOf(PropertyStore.Stored.class, store.setPassword("carol", "mail.example.org", "example.org", first));
            assertEquals("carol@example.org", plain(store, "example.org", "carol", "first-pw"));
            assertInstanceOf(PropertyStore.Stored.class, store.setPassword("carol", "mail.example.org", "example.org", second));
            assertEquals("carol@example.org", plain(store, "example.org", "carol", "second-pw"));
            assertThrows(AuthenticationException.class, () -> plain(store, "example.org", "carol", "first-pw"));
        }
        try (Connection c = admin(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT pw FROM users WHERE name = 'carol'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("$6$"), "stored hashed, as password_format crypt says");
        }
        try (Password p = Password.ofChars("x".toCharArray())) {
            assertInstanceOf(PropertyStore.NotSupported.class, crypt.setPassword("alice", "h", null, p),
                    "no sql_insert/sql_update: cannot store");
        }
    }

    @Test
    void scramKeysInTheTableServeScramPlainAndLogin() throws Exception {
        Path conf = write("scram.conf", "pwcheck_method: auxprop\nauxprop_plugin: sql\npassword_format: crypt\n"
                + "mech_list: SCRAM-SHA-256 SCRAM-SHA-1 PLAIN LOGIN\nlog_level: 7\n"
                + "sql_select: SELECT pw FROM users WHERE name = '%u' AND realm = '%r'\n"
                + "sql_insert: INSERT INTO users (name, realm, pw) VALUES ('%u', '%r', '%v')\n"
                + "sql_update: UPDATE users SET pw = '%v' WHERE name = '%u' AND realm = '%r'\n");
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String rfc5803 = ScramSecret.derive(ScramHash.SHA_1, "rfc-pw".getBytes(StandardCharsets.UTF_8),
                salt, 4096).authPasswordForm();
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users (name, realm, pw) VALUES ('erin', 'example.org', '" + rfc5803 + "')");
        }
        try (ServerContext scram = ServerContext.load(conf);
                Password pw = Password.ofChars("dave-pw".toCharArray())) {
            assertInstanceOf(PropertyStore.Stored.class, scram.setPassword("dave", "mail.example.org", "example.org", pw,
                    PasswordHasher.Format.SCRAM_SHA_256));
            try (Connection c = admin(); Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT pw FROM users WHERE name = 'dave'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).startsWith("{SCRAM-SHA-256}4096,"), "Dovecot's form");
            }
            assertEquals("dave@example.org", scram(scram, "SCRAM-SHA-256", "dave", "dave-pw"));
            assertEquals("dave@example.org", plain(scram, "example.org", "dave", "dave-pw"));
            assertThrows(AuthenticationException.class, () -> scram(scram, "SCRAM-SHA-256", "dave", "dave-px"));
            assertEquals("erin@example.org", scram(scram, "SCRAM-SHA-1", "erin", "rfc-pw"));
            assertEquals("erin@example.org", plain(scram, "example.org", "erin", "rfc-pw"));
            assertThrows(AuthenticationException.class, () -> scram(scram, "SCRAM-SHA-256", "erin", "rfc-pw"),
                    "SHA-1 keys do not serve SCRAM-SHA-256");
        }
        try (Password p = Password.ofChars("x".toCharArray())) {
            assertInstanceOf(PropertyStore.NotSupported.class, clear.setPassword("alice", "h", null, p,
                    PasswordHasher.Format.SCRAM_SHA_256), "--format needs password_format crypt");
        }
    }

    /** One SCRAM exchange in realm example.org through the provider and jsasl's client. */
    static String scram(ServerContext ctx, String mechanism, String user, String password) throws Exception {
        SaslServer s = Sasl.createSaslServer(mechanism, "imap", "mail.example.org", Exchange.cyrus(ctx, "example.org"),
                null);
        assertNotNull(s, mechanism + " offered");
        Exchange.run(JsaslClients.create(mechanism, null, Map.of(), Exchange.credentials(user, password)), s);
        return s.getAuthorizationID();
    }

    @Test
    void onePoolServesManyLogins() throws Exception {
        for (int i = 0; i < 50; i++) {
            plain(crypt, null, "alice", "secret");
        }
        assertTrue(sql(crypt).connectionsOpened() <= 8, "connections opened: " + sql(crypt).connectionsOpened());
    }

    @Test
    void rowMeaningsHoldOnEveryLoginOfAConnectionThatKeepsItsStatement() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals("alice", plain(crypt, null, "alice", "secret"));
            assertThrows(AuthenticationException.class, () -> plain(crypt, null, "twice", "secret"));
            assertThrows(AuthenticationException.class, () -> plain(crypt, null, "nobody", "secret"));
            assertThrows(AuthenticationException.class, () -> plain(crypt, null, "nopw", "secret"));
            assertThrows(AuthenticationException.class, () -> plain(crypt, null, "x' OR '1'='1", "secret"));
        }
        SqlAuxprop sql = sql(crypt);
        assertTrue(sql.statementsPrepared() <= sql.connectionsOpened(), "statements prepared: "
                + sql.statementsPrepared() + " on " + sql.connectionsOpened() + " connection(s)");
    }

    /** Makes the database unreachable; {@link #restore()} undoes it. */
    abstract void breakDatabase() throws Exception;

    abstract void restore() throws Exception;

    @Test
    void databaseDownIsUnavailableNeverARejectAndRecoversByItself() throws Exception {
        assertEquals("alice", plain(crypt, null, "alice", "secret"));
        breakDatabase();
        try {
            assertThrows(SaslUnavailableException.class, () -> plain(crypt, null, "alice", "secret"));
            assertThrows(SaslUnavailableException.class, () -> plain(crypt, null, "alice", "wrong"));
            assertThrows(SaslUnavailableException.class, () -> plain(crypt, null, "nobody", "secret"));
        } finally {
            restore();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                assertEquals("alice", plain(crypt, null, "alice", "secret"));
                break;
            } catch (SaslUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        assertThrows(AuthenticationException.class, () -> plain(crypt, null, "alice", "wrong"));
    }

}
