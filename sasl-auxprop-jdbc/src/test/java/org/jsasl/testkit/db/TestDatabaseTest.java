package org.jsasl.testkit.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database fixture reaches the servers scripts/services starts, and they come back after an outage. */
class TestDatabaseTest {

    private static void assertSelectOne(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            assertTrue(rs.next(), db + ": no row");
            assertEquals(1, rs.getInt(1), db.toString());
        }
    }

    private static String queryString(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), db + ": no row for " + sql);
            return rs.getString(1);
        }
    }

    @Test
    void postgresqlAnswers() throws SQLException {
        TestDatabase db = TestDatabase.postgresql();
        assertEquals("pgsql", db.engine());
        assertEquals("127.0.0.1", db.host());
        assertSelectOne(db);
        assertEquals("jsasl", queryString(db, "SELECT current_user"));
        assertEquals("jsasl", queryString(db, "SELECT current_database()"));

        TestDatabase postfix = db.postfix();
        assertSelectOne(postfix);
        assertEquals("postfix", queryString(postfix, "SELECT current_user"));
        assertEquals("postfix", queryString(postfix, "SELECT current_database()"));
    }

    @Test
    void mariadbAnswers() throws SQLException {
        TestDatabase db = TestDatabase.mariadb();
        assertEquals("mysql", db.engine());
        assertEquals("127.0.0.1", db.host());
        assertSelectOne(db);
        assertEquals("jsasl@127.0.0.1", queryString(db, "SELECT CURRENT_USER()"));
        assertEquals("jsasl", queryString(db, "SELECT DATABASE()"));

        TestDatabase postfix = db.postfix();
        assertSelectOne(postfix);
        assertEquals("postfix@127.0.0.1", queryString(postfix, "SELECT CURRENT_USER()"));
        assertEquals("postfix", queryString(postfix, "SELECT DATABASE()"));
    }

    @Test
    void sqliteAnswers(@TempDir Path dir) throws SQLException {
        TestDatabase db = TestDatabase.sqlite(dir);
        assertEquals("sqlite3", db.engine());
        assertSelectOne(db);
        assertTrue(Files.exists(Path.of(db.database())), db.database());
    }

    @Test
    void postgresqlComesBackAfterAnOutage() throws SQLException {
        provesRecovery(TestDatabase.postgresql());
    }

    @Test
    void mariadbComesBackAfterAnOutage() throws SQLException {
        provesRecovery(TestDatabase.mariadb());
    }

    /** Data written before stopServer() is there after startServer(); in between, connecting fails. */
    private static void provesRecovery(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS fixture_outage");
            st.execute("CREATE TABLE fixture_outage (v VARCHAR(20))");
            st.execute("INSERT INTO fixture_outage VALUES ('kept')");
        }
        try {
            db.stopServer();
            assertThrows(SQLException.class, () -> db.connect().close(), db + " still answers after stopServer()");
        } finally {
            db.startServer();
        }
        assertEquals("kept", queryString(db, "SELECT v FROM fixture_outage"));
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE fixture_outage");
        }
    }
}
