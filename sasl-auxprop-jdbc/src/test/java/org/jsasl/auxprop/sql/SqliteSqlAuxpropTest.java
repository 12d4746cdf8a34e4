package org.jsasl.auxprop.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.ServerContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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

    @Test
    void theQueryTimeoutIsTheConnectionsBusyTimeoutSetOnce() throws Exception {
        // sqlite-jdbc's statement query timeout is only a busy timeout; jsasl sets it on the connection.
        Path conf = write("busy.conf", "pwcheck_method: auxprop\nauxprop_plugin: sql\nsql_query_timeout: 7000\n"
                + "sql_select: SELECT timeout FROM pragma_busy_timeout WHERE '%u' <> ''\n");
        try (ServerContext ctx = ServerContext.load(conf)) {
            PropertyLookup r = sql(ctx).lookup(new CanonicalUser("alice", "alice", "r"),
                    Set.of(AuxpropPlugin.USER_PASSWORD));
            PropertyLookup.Found found = assertInstanceOf(PropertyLookup.Found.class, r);
            assertEquals(List.of("7000"), found.values().get(AuxpropPlugin.USER_PASSWORD));
        }
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
