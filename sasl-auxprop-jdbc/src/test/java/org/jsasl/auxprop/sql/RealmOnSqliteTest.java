package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.ServerContext;
import org.jsasl.pwcheck.Password;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's {@code sql_select} uses only {@code %u}: any realm reaches it. jsasl warns at start-up
 * and refuses realms outside {@code realm_list} before the query runs (here on a real SQLite file).
 */
class RealmOnSqliteTest {

    private static final String GUIDE_SELECT = "SELECT password FROM mailbox WHERE local_part='%u' AND active='1'";

    @TempDir
    Path dir;

    @BeforeEach
    void database() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("postfix.sqlite"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mailbox (local_part TEXT, domain TEXT, password TEXT, active TEXT)");
            s.execute("INSERT INTO mailbox VALUES ('testuser', 'example.org', 'secret', '1')");
        }
    }

    private ServerContext context(String select, String extra) throws Exception {
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: auxprop\nauxprop_plugin: sql\nsql_engine: sqlite3\n"
                + "sql_database: postfix.sqlite\nsql_select: " + select + "\n" + extra);
        return ServerContext.load(conf);
    }

    private static AuthOutcome login(ServerContext ctx, String user) {
        byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return ctx.authenticator("smtp", "mail.example.org", null, null).authenticate(user, "", p);
        }
    }

    @Test
    void theGuidesSelectIsWarnedAboutOnceAndAcceptsAnyRealmWithoutRealmList() throws Exception {
        try (LogCapture log = new LogCapture(); ServerContext ctx = context(GUIDE_SELECT, "")) {
            AuthOutcome out = login(ctx, "testuser@anything.example");
            assertEquals("testuser@anything.example", ((AuthOutcome.Accepted) out).authorizationId());
            long warnings = log.lines().stream()
                    .filter(l -> l.startsWith("WARN") && l.contains("sql_select uses %u but not %r")).count();
            assertEquals(1, warnings, log.text());
            assertTrue(log.text().contains("smtpd.conf"), "the warning names the file");
        }
    }

    @Test
    void realmListRefusesOtherRealmsBeforeTheQueryRuns() throws Exception {
        try (LogCapture log = new LogCapture();
                ServerContext ctx = context(GUIDE_SELECT, "realm_list: example.org\nlog_level: 6\n")) {
            AuthOutcome refused = login(ctx, "testuser@anything.example");
            assertEquals("realm not accepted", ((AuthOutcome.Rejected) refused).reason());
            assertFalse(log.text().contains("sql: SELECT"), "no query ran for the refused realm: " + log.text());
            assertTrue(login(ctx, "testuser@example.org") instanceof AuthOutcome.Accepted);
            assertTrue(log.text().contains("sql: SELECT"), "the trace shows queries that do run");
            assertTrue(login(ctx, "testuser") instanceof AuthOutcome.Accepted);
            assertFalse(log.text().contains("but not %r"), "one listed realm is no warning");
        }
    }

    @Test
    void aSelectUsingTheRealmIsNotWarnedAboutAndTellsRealmsApart() throws Exception {
        try (LogCapture log = new LogCapture(); ServerContext ctx = context(
                "SELECT password FROM mailbox WHERE local_part='%u' AND domain='%r'", "")) {
            assertTrue(login(ctx, "testuser@example.org") instanceof AuthOutcome.Accepted);
            assertTrue(login(ctx, "testuser@anything.example") instanceof AuthOutcome.Rejected);
            assertFalse(log.text().contains("but not %r"), log.text());
        }
    }
}
