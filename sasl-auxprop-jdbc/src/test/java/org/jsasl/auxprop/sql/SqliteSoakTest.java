package org.jsasl.auxprop.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The soak on an SQLite file beside the test (its pool holds at most 4 connections). */
class SqliteSoakTest extends SqlSoakContract {

    @Override
    String name() {
        return "sqlite";
    }

    @Override
    String connectionLines() {
        return "sql_engine: sqlite3\nsql_database: " + dir.resolve("soak.sqlite") + "\n";
    }

    @Override
    Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("soak.sqlite"));
    }
}
