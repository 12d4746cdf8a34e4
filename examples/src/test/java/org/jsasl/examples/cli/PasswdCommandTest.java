package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jsasl passwd} on a real SQLite table: the default SHA-512-crypt, {@code --format scram-sha-256}
 * storing Dovecot-form SCRAM keys that {@code check} then accepts with SCRAM-SHA-256 and PLAIN, and
 * the refusals (an unknown format, {@code --format} without {@code password_format: crypt}).
 */
class PasswdCommandTest {

    @TempDir
    Path dir;
    Path crypt;
    Path cleartext;

    @BeforeEach
    void table() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("users.sqlite"));
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE users (name TEXT PRIMARY KEY, pw TEXT)");
        }
        String[] common = {"pwcheck_method: auxprop", "auxprop_plugin: sql", "sql_engine: sqlite3",
            "sql_database: users.sqlite", "sql_select: SELECT pw FROM users WHERE name = '%u'",
            "sql_insert: INSERT INTO users (name, pw) VALUES ('%u', '%v')",
            "sql_update: UPDATE users SET pw = '%v' WHERE name = '%u'"};
        crypt = TestConfigs.write(dir, "crypt.conf", concat(common, "password_format: crypt",
                "mech_list: SCRAM-SHA-256 PLAIN LOGIN"));
        cleartext = TestConfigs.write(dir, "clear.conf", common);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private String stored(String user) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("users.sqlite"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pw FROM users WHERE name = '" + user + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void scramSha256KeysServeScramAndPlain() throws Exception {
        CliResult.run(TestConfigs.ALICE_PW + "\n", "passwd", "--config", crypt.toString(), "--format",
                "scram-sha-256", "alice").assertVerdict("OK", 0);
        assertTrue(stored("alice").startsWith("{SCRAM-SHA-256}4096,"), stored("alice"));
        CliResult.run(TestConfigs.ALICE_PW + "\n", "check", "--config", crypt.toString(), "--mech", "SCRAM-SHA-256",
                "alice").assertVerdict("OK", 0);
        CliResult.run(TestConfigs.ALICE_PW + "\n", "check", "--config", crypt.toString(), "alice")
                .assertVerdict("OK", 0);
        CliResult.run(TestConfigs.WRONG_PW + "\n", "check", "--config", crypt.toString(), "--mech", "SCRAM-SHA-256",
                "alice").assertVerdict("NO: SCRAM-SHA-256: authentication failed", 1);
    }

    @Test
    void theDefaultIsSha512Crypt() throws Exception {
        CliResult.run(TestConfigs.BOB_PW + "\n", "passwd", "--config", crypt.toString(), "bob").assertVerdict("OK", 0);
        assertTrue(stored("bob").startsWith("$6$"), stored("bob"));
    }

    @Test
    void anUnknownFormatOrFormatWithoutCryptIsRefused() throws Exception {
        CliResult bad = CliResult.run(TestConfigs.BOB_PW + "\n", "passwd", "--config", crypt.toString(), "--format",
                "rot13", "bob");
        assertEquals(64, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("unknown hash format 'rot13'"), bad::toString);
        CliResult clear = CliResult.run(TestConfigs.BOB_PW + "\n", "passwd", "--config", cleartext.toString(),
                "--format", "scram-sha-256", "bob");
        assertEquals(64, clear.exit(), clear::toString);
        assertTrue(clear.err().contains("needs password_format: crypt"), clear::toString);
        assertEquals(null, stored("bob"));
    }
}
