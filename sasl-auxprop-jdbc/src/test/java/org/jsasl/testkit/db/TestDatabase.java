package org.jsasl.testkit.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jsasl.testkit.TestServices;

/**
 * The connection details of a database the tests use: the real PostgreSQL and MariaDB servers that
 * {@code scripts/services} installs and starts (read from the {@code JSASL_PGSQL_*} and
 * {@code JSASL_MARIADB_*} variables that {@code scripts/services/all env} prints), or an SQLite file.
 *
 * <p>When a server's variables are missing the test is skipped ({@link TestServices#require})
 * with a message saying how to start the services; with {@code JSASL_REQUIRE_SERVICES=1} (as
 * {@code scripts/test-all} sets) it fails instead.
 *
 * <p>{@link #postgresql()} and {@link #mariadb()} log in as {@code jsasl} to database {@code jsasl}
 * (contract tests; that account may also create databases, {@code jsasl_*} on MariaDB);
 * {@link #postfix()} gives the same server as {@code postfix} on database {@code postfix}, the
 * Gentoo guide's account. {@link #stopServer()} and {@link #startServer()} stop the server and start
 * it again with its data kept ({@code scripts/services/<name> stop} and {@code resume}), so that tests
 * can prove recovery after an outage.
 */
public final class TestDatabase {

    /** The {@code sql_engine} names of Cyrus' sql plugin. */
    public static final String PGSQL = "pgsql";
    public static final String MYSQL = "mysql";
    public static final String SQLITE3 = "sqlite3";

    private final String engine;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String jdbcUrl;
    /** The script in scripts/services that controls the server, or null (SQLite). */
    private final String service;
    /** The variable prefix (JSASL_PGSQL, JSASL_MARIADB), or null (SQLite). */
    private final String envPrefix;

    private TestDatabase(String engine, String host, int port, String database, String user, String password,
            String jdbcUrl, String service, String envPrefix) {
        this.engine = engine;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.jdbcUrl = jdbcUrl;
        this.service = service;
        this.envPrefix = envPrefix;
    }

    /** The PostgreSQL server of {@code scripts/services/postgresql}, as {@code jsasl} on database {@code jsasl}. */
    public static TestDatabase postgresql() {
        return server(PGSQL, "postgresql", "JSASL_PGSQL", "PostgreSQL", false);
    }

    /** The MariaDB server of {@code scripts/services/mariadb}, as {@code jsasl} on database {@code jsasl}. */
    public static TestDatabase mariadb() {
        return server(MYSQL, "mariadb", "JSASL_MARIADB", "MariaDB", false);
    }

    /** An SQLite database in the file {@code jsasl.db} of {@code dir} (created on first connection). */
    public static TestDatabase sqlite(Path dir) {
        Path file = dir.resolve("jsasl.db").toAbsolutePath();
        return new TestDatabase(SQLITE3, null, 0, file.toString(), null, null, "jdbc:sqlite:" + file, null, null);
    }

    /**
     * The same server, logged in as the Gentoo guide's {@code postfix} account on database
     * {@code postfix} (the {@code *_SEED_*} variables). SQLite has no accounts: the same database.
     */
    public TestDatabase postfix() {
        if (service == null) {
            return this;
        }
        return server(engine, service, envPrefix, service.equals("postgresql") ? "PostgreSQL" : "MariaDB", true);
    }

    private static TestDatabase server(String engine, String service, String prefix, String product, boolean seed) {
        String infix = seed ? "_SEED" : "";
        List<String> names = List.of(prefix + "_HOST", prefix + "_PORT", prefix + infix + "_DB",
                prefix + infix + "_USER", prefix + infix + "_PASSWORD");
        Map<String, String> env = TestServices.require(product + " test server", names);
        String host = env.get(names.get(0));
        String port = env.get(names.get(1));
        String db = env.get(names.get(2));
        String user = env.get(names.get(3));
        String password = env.get(names.get(4));
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new AssertionError(prefix + "_PORT is not a number: " + port, e);
        }
        String url = switch (engine) {
            case PGSQL -> "jdbc:postgresql://" + host + ":" + portNumber + "/" + db + "?connectTimeout=10";
            case MYSQL -> "jdbc:mariadb://" + host + ":" + portNumber + "/" + db + "?connectTimeout=10000";
            default -> throw new IllegalArgumentException(engine);
        };
        return new TestDatabase(engine, host, portNumber, db, user, password, url, service, prefix);
    }

    /** The {@code sql_engine} name: {@code pgsql}, {@code mysql} or {@code sqlite3}. */
    public String engine() {
        return engine;
    }

    /** The server's address ({@code 127.0.0.1}); null for SQLite. */
    public String host() {
        return host;
    }

    /** The server's TCP port; 0 for SQLite. */
    public int port() {
        return port;
    }

    /** The database name; for SQLite the database file's absolute path. */
    public String database() {
        return database;
    }

    /** The account's name; null for SQLite. */
    public String user() {
        return user;
    }

    /** The account's password; null for SQLite. */
    public String password() {
        return password;
    }

    /** The smtpd.conf lines that point the sql auxprop at this database, with short timeouts for tests. */
    public String smtpdConfLines() {
        return "sql_engine: " + engine() + "\nsql_hostnames: " + host() + ":" + port() + "\nsql_database: "
                + database() + "\nsql_user: " + user() + "\nsql_passwd: " + password()
                + "\nsql_connect_timeout: 2000\nsql_query_timeout: 5000\n";
    }

    /** A JDBC URL for the database (without the account, which {@link #connect()} passes apart). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A new connection through plain {@link DriverManager}, for the tests' setup SQL. Close it. */
    public Connection connect() throws SQLException {
        return user == null ? DriverManager.getConnection(jdbcUrl) : DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Stops the server (a fast shutdown; its data is kept). Connections fail until {@link #startServer()}. */
    public void stopServer() {
        runService("stop");
    }

    /** Starts the server stopped by {@link #stopServer()} again, with its data; returns once it accepts connections. */
    public void startServer() {
        runService("resume");
    }

    private void runService(String verb) {
        if (service == null) {
            throw new UnsupportedOperationException(engine + " has no server to stop or start");
        }
        TestServices.run(repositoryRoot().resolve("scripts/services").resolve(service), verb);
    }

    /**
     * The repository root: the nearest directory, from the working directory up (Maven runs tests in
     * the module's directory), that holds {@code scripts/services}.
     */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("scripts/services"))) {
                return dir;
            }
        }
        throw new AssertionError("no directory holding scripts/services above " + start);
    }

    @Override
    public String toString() {
        return engine + " " + (host == null ? database : user + "@" + host + ":" + port + "/" + database);
    }
}
