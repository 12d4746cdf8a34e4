package org.jsasl.auxprop.sql;

import java.nio.file.Path;
import org.jsasl.testkit.PrivateService;
import org.jsasl.testkit.db.TestDatabase;

/** MariaDB killed with SIGKILL mid-load, on a private instance. */
class MariadbKillFaultTest extends DatabaseKillFaultContract {

    @Override
    TestDatabase sharedDatabase() {
        return TestDatabase.mariadb();
    }

    @Override
    String serviceName() {
        return "mariadb";
    }

    @Override
    String portVariable() {
        return "JSASL_MARIADB_PORT";
    }

    @Override
    String envPrefix() {
        return "JSASL_MARIADB";
    }

    @Override
    String engine() {
        return TestDatabase.MYSQL;
    }

    @Override
    String jdbcUrl(String host, int port, String db) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + db + "?connectTimeout=10000";
    }

    @Override
    ProcessHandle serverProcess(PrivateService service) {
        // scripts/services/mariadb keeps the pid file beside the socket, in the run directory.
        return fromPidFile(Path.of(service.get("JSASL_MARIADB_SOCKET")).resolveSibling("mariadb.pid"));
    }

    @Override
    String countOtherSessionsSql() {
        // Without the PROCESS privilege the list holds this account's own sessions only: what is wanted.
        return "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AND ID <> CONNECTION_ID()";
    }
}
