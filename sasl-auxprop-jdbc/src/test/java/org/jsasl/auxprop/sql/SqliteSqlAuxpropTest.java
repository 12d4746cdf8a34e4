package org.jsasl.auxprop.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The sql auxprop contract on SQLite, which needs no server: a file beside the test. */
class SqliteSqlAuxpropTest extends SqlAuxpropContract {

    private Path file() {
        return dir.resolve("postfix.sqlite");
    }

    @Override
    String connectionLines() {
        return "sql_engine: sqlite3\nsql_database: postfix.sqlite\n";
    }

    @Override
    Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    @Override
    void breakDatabase() throws Exception {
        Files.move(file(), dir.resolve("away.sqlite"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    void restore() throws Exception {
        Files.move(dir.resolve("away.sqlite"), file(), StandardCopyOption.REPLACE_EXISTING);
    }
}
