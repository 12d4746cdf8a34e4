package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.config.ConfigException;
import org.jsasl.crypt.CryptFormat;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.pwcheck.PasswordUpgrade;
import org.jsasl.pwcheck.PasswordUpgradeHooks;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Password upgrade on login ({@code jsasl_rehash_on_login}) against a real database, run for every
 * engine by a subclass: a weak row is rehashed in the background through {@code jsasl_rehash_update},
 * an administrator's change is never overwritten, strong hashes and the default leave rows alone,
 * a failed update costs the login nothing and shows no secret in the log. Its own table
 * ({@code rehash_mailbox}), so that it can run beside the other database tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PasswordUpgradeContract {

    private static final String TABLE = "rehash_mailbox";
    private static final long AWAIT_NANOS = 30_000_000_000L;

    /** A fresh directory for this class's config files (and SQLite's database file). */
    Path dir;

    /** {@code sql_engine} and the connection options, as smtpd.conf lines. */
    abstract String connectionLines();

    /** A connection for setting up and reading the table. */
    abstract Connection admin() throws SQLException;

    private final PasswordHasher hasher = new PasswordHasher();

    @BeforeAll
    void createTable() throws Exception {
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-rehash-test");
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
            st.executeUpdate("CREATE TABLE " + TABLE + " (local_part VARCHAR(255) NOT NULL, "
                    + "password VARCHAR(255), active CHAR(1) NOT NULL)");
        }
    }

    @AfterAll
    void dropTable() throws Exception {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS " + TABLE);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A configuration with the upgrade to {@code format} (none when null) and {@code casUpdate} as jsasl_rehash_update. */
    private ServerContext context(String name, String format, String casUpdate) throws Exception {
        Path p = dir.resolve(name + ".conf");
        Files.writeString(p, connectionLines() + "pwcheck_method: auxprop\nauxprop_plugin: sql\npassword_format: crypt\n"
                + "mech_list: PLAIN LOGIN SCRAM-SHA-256\nlog_level: 7\n"
                + "sql_select: SELECT password FROM " + TABLE + " WHERE local_part='%u' AND active='1'\n"
                + (format == null ? "" : "jsasl_rehash_on_login: " + format + "\n")
                + "jsasl_rehash_update: " + casUpdate + "\n");
        return ServerContext.load(p);
    }

    private static final String CAS = "UPDATE " + TABLE + " SET password = %v WHERE local_part = %u AND password = %o";

    private ServerContext context(String name, String format) throws Exception {
        return context(name, format, CAS);
    }

    private void insert(String user, String password) throws SQLException {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, '1')")) {
            ps.setString(1, user);
            ps.setString(2, password);
            ps.executeUpdate();
        }
    }

    private void set(String user, String password) {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET password = ? WHERE local_part = ?")) {
            ps.setString(1, password);
            ps.setString(2, user);
            assertEquals(1, ps.executeUpdate());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private String stored(String user) throws SQLException {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement("SELECT password FROM " + TABLE + " WHERE local_part = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row of " + user);
                return rs.getString(1);
            }
        }
    }

    private String hash(PasswordHasher.Format format, String password) throws Exception {
        return hasher.hash(format, password.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** One PLAIN exchange; returns the authorization id or throws. */
    private static String plain(ServerContext ctx, String user, String password) throws SaslException {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.org", Exchange.cyrus(ctx, null), null);
        s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return s.getAuthorizationID();
    }

    /** Bounded polling: no timing is asserted, only that the condition comes true within 30 s. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private void awaitRow(String user, String prefix) throws InterruptedException {
        await(() -> {
            try {
                return stored(user).startsWith(prefix);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }, user + "'s row starts with " + prefix);
    }

    /**
     * Fails when {@code hash} is in anything jsasl logged. The drivers' own TRACE output is left
     * out: MariaDB's dumps every packet sent, bound values (hashes) included, which an admin turns
     * on only on purpose. Passwords never reach a driver, so they are checked in every line.
     */
    private static void assertHashNotLogged(LogCapture log, String hash) {
        for (String line : log.lines()) {
            String logger = line.split(" ", 3)[1];
            if (logger.startsWith("org.jsasl")) {
                assertFalse(line.contains(hash), () -> "secret leaked into the log: " + line);
            }
        }
    }

    @Test
    void anMd5CryptRowIsUpgradedToSha512AndThePasswordStillWorks() throws Exception {
        String md5 = hash(PasswordHasher.Format.MD5, "md5-pw");
        insert("ursula", md5);
        try (LogCapture log = new LogCapture(); ServerContext ctx = context("sha512", "sha512")) {
            PasswordUpgrade upgrade = ctx.passwordUpgrade();
            assertEquals("ursula", plain(ctx, "ursula", "md5-pw"));
            awaitRow("ursula", "$6$");
            await(() -> upgrade.upgraded() == 1, "the upgrade counted");
            String sha512 = stored("ursula");
            assertEquals("ursula", plain(ctx, "ursula", "md5-pw"), "the same password, now against $6$");
            assertThrows(AuthenticationException.class, () -> plain(ctx, "ursula", "md5-px"));
            assertEquals(sha512, stored("ursula"), "a strong hash is not upgraded again");
            assertEquals(1, upgrade.upgraded());
            assertEquals(0, upgrade.pending());
            assertTrue(log.text().contains("password of 'ursula' upgraded from md5 to sha512"), log.text());
            log.assertNever("md5-pw");
            assertHashNotLogged(log, md5);
            assertHashNotLogged(log, sha512);
        }
    }

    @Test
    void bcryptAndYescryptAreTargetsToo() throws Exception {
        insert("bea", hash(PasswordHasher.Format.MD5, "bea-pw"));
        try (ServerContext ctx = context("bcrypt", "bcrypt")) {
            assertEquals("bea", plain(ctx, "bea", "bea-pw"));
            awaitRow("bea", "$2b$");
            assertEquals("bea", plain(ctx, "bea", "bea-pw"));
            assertThrows(AuthenticationException.class, () -> plain(ctx, "bea", "bea-px"));
        }
        Assumptions.assumeTrue(CryptFormat.YESCRYPT.algorithm().isPresent(), "yescrypt needs libxcrypt");
        insert("yves", hash(PasswordHasher.Format.DES, "yves-pw"));
        try (ServerContext ctx = context("yescrypt", "yescrypt")) {
            assertEquals("yves", plain(ctx, "yves", "yves-pw"));
            awaitRow("yves", "$y$");
            assertEquals("yves", plain(ctx, "yves", "yves-pw"));
            assertThrows(AuthenticationException.class, () -> plain(ctx, "yves", "yves-px"));
        }
    }

    @Test
    void anAdminChangeBetweenTheLoginAndTheUpdateIsNeverOverwritten() throws Exception {
        insert("adam", hash(PasswordHasher.Format.MD5, "old-pw"));
        String adminHash = hash(PasswordHasher.Format.SHA512, "admin-set-pw");
        try (LogCapture log = new LogCapture(); ServerContext ctx = context("race", "sha512")) {
            PasswordUpgrade upgrade = ctx.passwordUpgrade();
            // The admin's UPDATE lands after the login read the old hash and before the compare-and-set.
            PasswordUpgradeHooks.beforeReplace(upgrade, user -> set("adam", adminHash));
            assertEquals("adam", plain(ctx, "adam", "old-pw"));
            await(() -> upgrade.conflicts() == 1, "the compare-and-set saw the admin's change");
            assertEquals(adminHash, stored("adam"), "the admin's password stays");
            assertEquals(0, upgrade.upgraded());
            assertEquals("adam", plain(ctx, "adam", "admin-set-pw"));
            assertThrows(AuthenticationException.class, () -> plain(ctx, "adam", "old-pw"));
            assertTrue(log.text().contains("password of 'adam' not upgraded: 0 rows updated, it was changed meanwhile,"
                    + " left alone"), log.text());
            log.assertNever("old-pw");
            assertHashNotLogged(log, adminHash);
        }
    }

    @Test
    void aStrongHashIsLeftUntouched() throws Exception {
        String sha512 = hash(PasswordHasher.Format.SHA512, "strong-pw");
        insert("stella", sha512);
        try (ServerContext ctx = context("strong", "sha512")) {
            assertEquals("stella", plain(ctx, "stella", "strong-pw"));
            // The verifier decides on the spot: nothing was queued.
            assertEquals(0, ctx.passwordUpgrade().pending());
            assertEquals(0, ctx.passwordUpgrade().upgraded() + ctx.passwordUpgrade().failed());
        }
        assertEquals(sha512, stored("stella"));
    }

    @Test
    void offByDefaultNothingIsWritten() throws Exception {
        String md5 = hash(PasswordHasher.Format.MD5, "legacy-pw");
        insert("otto", md5);
        try (ServerContext ctx = context("off", null)) {
            assertSame(PasswordUpgrade.OFF, ctx.passwordUpgrade());
            assertEquals("otto", plain(ctx, "otto", "legacy-pw"));
            assertFalse(ctx.passwordUpgrade().enabled());
        }
        assertEquals(md5, stored("otto"));
    }

    @Test
    void aFailedUpdateIsLoggedWithoutSecretsTheLoginSucceedsAndTheNextLoginTriesAgain() throws Exception {
        String md5 = hash(PasswordHasher.Format.MD5, "fail-pw");
        insert("fay", md5);
        try (LogCapture log = new LogCapture(); ServerContext ctx = context("broken", "sha512",
                "UPDATE no_such_table_for_rehash SET password = %v WHERE local_part = %u AND password = %o")) {
            PasswordUpgrade upgrade = ctx.passwordUpgrade();
            assertEquals("fay", plain(ctx, "fay", "fail-pw"));
            await(() -> upgrade.failed() == 1, "the failed update counted");
            assertEquals("fay", plain(ctx, "fay", "fail-pw"), "still the weak hash, still logs in");
            await(() -> upgrade.failed() == 2, "the next login tried again");
            assertEquals(md5, stored("fay"));
            assertTrue(log.text().contains("password upgrade of 'fay' failed: replacing userPassword failed ("),
                    log.text());
            log.assertNever("fail-pw");
            assertHashNotLogged(log, md5);
            assertHashNotLogged(log, "$6$");
        }
    }

    @Test
    void aLoginExchangeUpgradesADesRowToo() throws Exception {
        insert("lou", hash(PasswordHasher.Format.DES, "lou-pw"));
        try (ServerContext ctx = context("login", "sha512")) {
            SaslServer s = Sasl.createSaslServer("LOGIN", "smtp", "mail.example.org", Exchange.cyrus(ctx, null), null);
            Exchange.run(JsaslClients.create("LOGIN", null, Map.of(), Exchange.credentials("lou", "lou-pw")), s);
            assertEquals("lou", s.getAuthorizationID());
            awaitRow("lou", "$6$");
            assertEquals("lou", plain(ctx, "lou", "lou-pw"));
        }
    }

    @Test
    void scramLoginsNeverUpgradeACleartextRowPlainDoes() throws Exception {
        insert("clara", "{PLAIN}clear-pw");
        try (ServerContext ctx = context("scram", "sha512")) {
            SaslServer s = Sasl.createSaslServer("SCRAM-SHA-256", "imap", "mail.example.org", Exchange.cyrus(ctx, null),
                    null);
            assertNotNull(s, "SCRAM-SHA-256 offered");
            Exchange.run(JsaslClients.create("SCRAM-SHA-256", null, Map.of(),
                    Exchange.credentials("clara", "clear-pw")), s);
            assertEquals("clara", s.getAuthorizationID());
            assertEquals(0, ctx.passwordUpgrade().pending(), "SCRAM has no plaintext: nothing queued");
            assertEquals("{PLAIN}clear-pw", stored("clara"));
            assertEquals("clara", plain(ctx, "clara", "clear-pw"));
            awaitRow("clara", "$6$");
            assertEquals("clara", plain(ctx, "clara", "clear-pw"));
        }
    }

    @Test
    void configurationsThatCannotUpgradeSafelyStopTheStart() throws Exception {
        Path p = dir.resolve("bad.conf");
        String base = connectionLines() + "pwcheck_method: auxprop\nauxprop_plugin: sql\n"
                + "sql_select: SELECT password FROM " + TABLE + " WHERE local_part='%u'\n";
        for (String bad : new String[] {
            "password_format: cleartext\njsasl_rehash_on_login: sha512\njsasl_rehash_update: " + CAS,
            "password_format: crypt\njsasl_rehash_on_login: sha512",
            "password_format: crypt\njsasl_rehash_on_login: md5\njsasl_rehash_update: " + CAS,
            "password_format: crypt\njsasl_rehash_on_login: sha512\njsasl_rehash_weak: md5 sha512\n"
                    + "jsasl_rehash_update: " + CAS,
            "password_format: crypt\njsasl_rehash_on_login: sha512\njsasl_rehash_weak: md5 rot13\n"
                    + "jsasl_rehash_update: " + CAS,
            "password_format: crypt\njsasl_rehash_on_login: sha512\n"
                    + "jsasl_rehash_update: UPDATE " + TABLE + " SET password = %v WHERE local_part = %u"}) {
            Files.writeString(p, base + bad + "\n");
            assertThrows(ConfigException.class, () -> ServerContext.load(p).close(), bad);
        }
    }
}
