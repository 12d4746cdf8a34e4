package org.jsasl.auxprop.sql;

import java.nio.file.Path;
import org.jsasl.testkit.PrivateService;
import org.jsasl.testkit.db.TestDatabase;

/** PostgreSQL killed with SIGKILL (postmaster and backends) mid-load, on a private instance. */
class PostgresqlKillFaultTest extends DatabaseKillFaultContract {

    @Override
    TestDatabase sharedDatabase() {
        return TestDatabase.postgresql();
    }

    @Override
    String serviceName() {
        return "postgresql";
    }

    @Override
    String portVariable() {
        return "JSASL_PGSQL_PORT";
    }

    @Override
    String envPrefix() {
        return "JSASL_PGSQL";
    }

    @Override
    String engine() {
        return TestDatabase.PGSQL;
    }

    @Override
    String jdbcUrl(String host, int port, String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db + "?connectTimeout=10";
    }

    @Override
    ProcessHandle serverProcess(PrivateService service) {
        // The postmaster's pid is the first line of postmaster.pid in the data directory.
        return fromPidFile(Path.of(service.get("JSASL_PGSQL_DATA"), "postmaster.pid"));
    }

    @Override
    String countOtherSessionsSql() {
        return "SELECT count(*) FROM pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid()";
    }
}
