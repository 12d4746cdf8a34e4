package org.jsasl.auxprop.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;

/**
 * The {@code sql_*} options of an {@code smtpd.conf}, read and checked once: Cyrus 2.1.28's own
 * ({@code sql_engine}, {@code sql_hostnames}, {@code sql_database}, {@code sql_user},
 * {@code sql_passwd}, {@code sql_select} or its old name {@code sql_statement}, {@code sql_insert},
 * {@code sql_update}, {@code sql_usessl}) and jsasl's extensions ({@code sql_jdbc_url},
 * {@code sql_pool_size}, {@code sql_connect_timeout}, {@code sql_query_timeout},
 * {@code jsasl_rehash_update}).
 *
 * @param engine the database engine
 * @param hosts the servers, tried in order (empty: localhost)
 * @param database the database name, or the file for SQLite (resolved against the config file)
 * @param user the database user, or empty
 * @param password the database password, or empty; never printed
 * @param select the lookup statement
 * @param insert the statement that adds a property, if set
 * @param update the statement that changes a property, if set
 * @param useSsl whether to require TLS to the server
 * @param jdbcUrl a JDBC URL that replaces the one built from the options above, if set
 * @param poolSize the most connections the pool opens
 * @param connectTimeout how long to wait for a connection
 * @param queryTimeout how long one statement may run
 * @param rehashUpdate the compare-and-set of the password upgrade on login ({@code jsasl_rehash_update}), if set
 */
record SqlSettings(SqlEngine engine, List<HostPort> hosts, String database, String user, String password,
        SqlStatement select, Optional<SqlStatement> insert, Optional<SqlStatement> update, boolean useSsl,
        Optional<String> jdbcUrl, int poolSize, Duration connectTimeout, Duration queryTimeout,
        Optional<SqlStatement> rehashUpdate) {

    /** The compare-and-set statement's key. */
    static final String REHASH_UPDATE = "jsasl_rehash_update";

    /** Reads the options; empty when {@code sql_select} (and {@code sql_statement}) is not set. */
    static Optional<SqlSettings> from(SaslConfig config) throws ConfigException {
        String selectKey = config.get("sql_select").isPresent() ? "sql_select" : "sql_statement";
        if (config.get(selectKey).isEmpty()) {
            return Optional.empty();
        }
        String engineName = config.get("sql_engine", "mysql");
        SqlEngine engine = SqlEngine.of(engineName);
        if (engine == null) {
            throw config.error("sql_engine", "unknown engine '" + engineName + "'; use mysql, pgsql or sqlite3");
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String entry : config.get("sql_hostnames", "").split(",")) {
            if (!entry.isBlank()) {
                try {
                    hosts.add(HostPort.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw config.error("sql_hostnames", e.getMessage());
                }
            }
        }
        String database = config.get("sql_database", "");
        if (engine == SqlEngine.SQLITE3 && config.get("sql_jdbc_url").isEmpty()) {
            if (database.isEmpty()) {
                throw config.error("sql_database", "sqlite3 needs sql_database: the database file");
            }
            database = config.resolvePath(database).toString();
        }
        SqlStatement select = statement(config, selectKey, engine);
        if (!select.usesUser()) {
            // Cyrus runs it anyway; then one row answers for every user name, and a file cut short
            // before its WHERE clause (a half-written reload) lets anyone in with that row's password.
            throw config.error(selectKey, "has no %u, so the same row would answer for every user name");
        }
        if (select.usesValue()) {
            throw config.error(selectKey, "%v (the value to store) has no meaning in a SELECT");
        }
        Optional<SqlStatement> insert = optionalStatement(config, "sql_insert", engine);
        Optional<SqlStatement> update = optionalStatement(config, "sql_update", engine);
        Optional<SqlStatement> rehashUpdate = Optional.empty();
        if (config.get(REHASH_UPDATE).isPresent()) {
            SqlStatement cas;
            try {
                cas = SqlStatement.parseCompareAndSet(config.get(REHASH_UPDATE).orElseThrow(), engine);
            } catch (IllegalArgumentException e) {
                throw config.error(REHASH_UPDATE, e.getMessage());
            }
            if (!cas.usesValue() || !cas.usesOldValue()) {
                // Without %o it is no compare-and-set: it would overwrite an administrator's change.
                throw config.error(REHASH_UPDATE, "needs %v (the new hash) and %o (the old value, compared in the"
                        + " WHERE clause)");
            }
            rehashUpdate = Optional.of(cas);
        }
        int poolSize = config.integer("sql_pool_size", 8, 1, 1000);
        Duration connect = Duration.ofMillis(config.integer("sql_connect_timeout", 5000, 250, 600_000));
        Duration query = Duration.ofMillis(config.integer("sql_query_timeout", 10_000, 1000, 600_000));
        return Optional.of(new SqlSettings(engine, List.copyOf(hosts), database, config.get("sql_user", ""),
                config.get("sql_passwd", ""), select, insert, update, config.flag("sql_usessl", false),
                config.get("sql_jdbc_url"), poolSize, connect, query, rehashUpdate));
    }

    private static SqlStatement statement(SaslConfig config, String key, SqlEngine engine) throws ConfigException {
        try {
            return SqlStatement.parse(config.get(key).orElseThrow(), engine);
        } catch (IllegalArgumentException e) {
            throw config.error(key, e.getMessage());
        }
    }

    private static Optional<SqlStatement> optionalStatement(SaslConfig config, String key, SqlEngine engine)
            throws ConfigException {
        return config.get(key).isPresent() ? Optional.of(statement(config, key, engine)) : Optional.empty();
    }

    /** Whether passwords can be stored: both {@code sql_insert} and {@code sql_update} are set, as Cyrus requires. */
    boolean canStore() {
        return insert.isPresent() && update.isPresent();
    }

    /**
     * Whether the statement timeout is the connection's SQLite busy timeout rather than a query
     * timeout on each statement: sqlite-jdbc's query timeout only sets the busy timeout, twice per
     * execution, so jsasl's own SQLite URL sets it once per connection instead (a {@code sql_jdbc_url}
     * keeps whatever it says, with a query timeout on each statement).
     */
    boolean timeoutIsBusyTimeout() {
        return engine == SqlEngine.SQLITE3 && jdbcUrl.isEmpty();
    }

    /** Driver properties besides the credentials (no secrets). */
    Map<String, String> driverProperties() {
        return timeoutIsBusyTimeout() ? Map.of("busy_timeout", Long.toString(queryTimeout.toMillis())) : Map.of();
    }

    /** The JDBC URL: {@code sql_jdbc_url}, or one built from engine, hosts, database and timeouts. */
    String url() {
        if (jdbcUrl.isPresent()) {
            return jdbcUrl.get();
        }
        List<String> hostList = new ArrayList<>();
        for (HostPort h : hosts.isEmpty() ? List.of(new HostPort("localhost", 0)) : hosts) {
            hostList.add(h.forUrl(engine.defaultPort()));
        }
        String joined = String.join(",", hostList);
        long connectSeconds = Math.max(1, connectTimeout.toSeconds());
        // The socket timeout bounds every read, so that a server that stops answering never hangs a login.
        long socketSeconds = queryTimeout.toSeconds() + 5;
        switch (engine) {
            case PGSQL:
                return "jdbc:postgresql://" + joined + "/" + encode(database)
                        + "?connectTimeout=" + connectSeconds + "&loginTimeout=" + connectSeconds
                        + "&socketTimeout=" + socketSeconds
                        // A statement past its query timeout is cancelled over a new connection; on a
                        // stalled path that request stalls too, and pgjdbc's default would hold the
                        // login 10 s more (found by PostgresqlNetworkFaultTest).
                        + "&cancelSignalTimeout=" + connectSeconds
                        + "&targetServerType=any&loadBalanceHosts=false"
                        + "&ApplicationName=jsasl" + (useSsl ? "&sslmode=require" : "");
            case MYSQL:
                // "sequential" is MariaDB's in-order failover; its default of cycling through the
                // hosts 120 times before giving up would hold a login for half a minute while the
                // database is down, so each host is tried once per connection attempt.
                return "jdbc:mariadb:" + (hostList.size() > 1 ? "sequential:" : "") + "//" + joined + "/"
                        + encode(database) + "?connectTimeout=" + connectTimeout.toMillis()
                        + "&socketTimeout=" + socketSeconds * 1000 + "&retriesAllDown=" + hostList.size()
                        + (useSsl ? "&sslMode=trust" : "");
            default:
                return "jdbc:sqlite:" + Path.of(database);
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SqlSettings[" + engine.configName() + ", hosts=" + hosts + ", database=" + database + ", user=" + user
                + ", password=" + (password.isEmpty() ? "<none>" : "<set>") + ", ssl=" + useSsl + "]";
    }
}
