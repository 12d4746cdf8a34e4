package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.security.sasl.AuthenticationException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.db.TestDatabase;
import org.junit.jupiter.api.Test;

/** The contract on a real database server started by {@code scripts/services}; outages stop the server itself. */
abstract class ServerSqlAuxpropContract extends SqlAuxpropContract {

    private TestDatabase db;

    /** The server this class runs against. */
    abstract TestDatabase database();

    private TestDatabase db() {
        if (db == null) {
            db = database();
        }
        return db;
    }

    @Override
    String connectionLines() {
        return db().smtpdConfLines();
    }

    @Test
    void failsOverToTheNextHostWhenTheFirstIsDown() throws Exception {
        TestDatabase d = db();
        // Port 1 on loopback refuses at once: the first host is "down".
        Path conf = writeExactly("failover.conf", connectionLines().replace("sql_hostnames: " + d.host() + ":" + d.port(),
                "sql_hostnames: 127.0.0.1:1, " + d.host() + ":" + d.port())
                + "pwcheck_method: auxprop\nauxprop_plugin: sql\npassword_format: crypt\n"
                + "sql_select: SELECT password FROM mailbox WHERE local_part='%u' AND active='1'\n");
        try (ServerContext ctx = ServerContext.load(conf)) {
            assertEquals("alice", plain(ctx, null, "alice", "secret"));
            assertThrows(AuthenticationException.class, () -> plain(ctx, null, "alice", "wrong"));
        }
    }

    @Test
    void everyHostDownIsUnavailable() throws Exception {
        Path conf = writeExactly("alldown.conf", connectionLines().replace("sql_hostnames: " + db().host() + ":" + db().port(),
                "sql_hostnames: 127.0.0.1:1,127.0.0.1:2")
                + "pwcheck_method: auxprop\nauxprop_plugin: sql\n"
                + "sql_select: SELECT password FROM mailbox WHERE local_part='%u'\n");
        try (ServerContext ctx = ServerContext.load(conf)) {
            assertThrows(SaslUnavailableException.class, () -> plain(ctx, null, "alice", "secret"));
        }
    }

    /** A config file of exactly {@code body} (write() would put this engine's own host first, and the first key wins). */
    private Path writeExactly(String name, String body) throws java.io.IOException {
        Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, body);
        return p;
    }

    @Override
    Connection admin() throws SQLException {
        return db().connect();
    }

    @Override
    void breakDatabase() {
        db().stopServer();
    }

    @Override
    void restore() {
        db().startServer();
    }
}
