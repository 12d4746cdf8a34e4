package org.jsasl.auxprop.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Password upgrade on login on SQLite: a file beside the test. */
class SqlitePasswordUpgradeTest extends PasswordUpgradeContract {

    @Override
    String connectionLines() {
        return "sql_engine: sqlite3\nsql_database: rehash.sqlite\n";
    }

    @Override
    Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("rehash.sqlite"));
    }
}
