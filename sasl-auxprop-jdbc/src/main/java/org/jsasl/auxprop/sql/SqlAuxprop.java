package org.jsasl.auxprop.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.SaslLog;

/**
 * The {@code sql} auxprop: properties of a user ({@code userPassword}) from a database, through a
 * connection pool opened on first use and shared by every session of the server context (Cyrus
 * opens a new connection for every lookup). Every statement is prepared, with user input bound as
 * parameters; the lookup statement is prepared once per physical connection and kept with it
 * ({@link StatementCachingConnection}), and a connection whose statement fails is retired from
 * the pool, so the next login gets a sound one. One meaning on every engine: no row = no such
 * user, SQL NULL = no value, more than one row = refused; a database that is down or slow is
 * "unavailable", never a reject.
 */
public final class SqlAuxprop implements AuxpropPlugin {

    /** Longest value used, as Cyrus' 8190-byte value buffer; a longer one is refused, not cut. */
    static final int MAX_VALUE_LENGTH = 8190;

    private final SqlSettings settings;
    private final SaslLog log;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong statementsPrepared = new AtomicLong();
    private final Map<String, String> selectSql = new ConcurrentHashMap<>();
    private volatile HikariDataSource pool;
    // Set with pool, before it is published; NONE until then.
    private volatile AuthMetrics.Registration poolGauges = AuthMetrics.Registration.NONE;
    private volatile boolean closed;

    SqlAuxprop(SqlSettings settings, SaslLog log) {
        this.settings = settings;
        this.log = log.forComponent(SqlAuxprop.class);
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Optional<String> realmIgnored() {
        return settings.select().usesRealm() ? Optional.empty() : Optional.of("sql_select uses %u but not %r");
    }

    @Override
    public PropertyLookup lookup(CanonicalUser user, Set<String> properties) {
        if (user.authid().indexOf('\0') >= 0) {
            // No database stores such a name, and PostgreSQL would fail the query: no such user.
            return new PropertyLookup.NoUser();
        }
        Map<String, List<String>> found = new HashMap<>();
        boolean userExists = false;
        try (Connection c = connection()) {
            try {
                for (String property : properties) {
                    if (!isPropertyName(property)) {
                        return new PropertyLookup.Refused("property name '" + property + "' is not one sql can look up");
                    }
                    Row row = selectOne(c, user, property);
                    if (row instanceof Row.Several) {
                        log.err("sql: more than one row for {} ({}): refusing to authenticate",
                                SaslLog.quote(user.authid()), property);
                        return new PropertyLookup.Refused("more than one row for " + SaslLog.quote(user.authid()));
                    }
                    if (row instanceof Row.TooLong) {
                        return new PropertyLookup.Refused(property + " of " + SaslLog.quote(user.authid())
                                + " is longer than " + MAX_VALUE_LENGTH + " characters");
                    }
                    if (row instanceof Row.One one) {
                        userExists = true;
                        if (one.value() != null) {
                            found.put(property, List.of(one.value()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                retire(c);
                throw e;
            }
        } catch (SQLException e) {
            return new PropertyLookup.Unavailable(describe(e), e);
        } catch (RuntimeException e) {
            return new PropertyLookup.Unavailable("database lookup failed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!userExists) {
            log.note("sql: no row for {}", SaslLog.quote(user.authid()));
            return new PropertyLookup.NoUser();
        }
        return new PropertyLookup.Found(found);
    }

    /** The result of one SELECT: no row, one row (its first column, null for SQL NULL), several, or too long. */
    private sealed interface Row {
        record None() implements Row {
        }

        record One(String value) implements Row {
        }

        record Several() implements Row {
        }

        record TooLong() implements Row {
        }
    }

    private Row selectOne(Connection c, CanonicalUser user, String property) throws SQLException {
        SqlStatement select = settings.select();
        String sql = selectSql(property);
        // The statement stays prepared on the physical connection, beyond this borrow; only the
        // fixed text is its key, and every value is bound again below.
        PreparedStatement ps = c.unwrap(StatementCachingConnection.class).cached(sql, this::setUp);
        select.bind(ps, new SqlStatement.Values(user.user(), user.realm(), property, null));
        if (log.isEnabled(SaslLog.CyrusLevel.TRACE)) {
            log.trace("sql: {} with user {} realm {}", sql, SaslLog.quote(user.user()), SaslLog.quote(user.realm()));
        }
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return new Row.None();
            }
            String value = rs.getString(1);
            if (rs.next()) {
                return new Row.Several();
            }
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                return new Row.TooLong();
            }
            return new Row.One(value);
        }
    }

    /** Once per cached statement: its timeout, and a row limit (two rows tell that there are several). */
    private void setUp(PreparedStatement ps) throws SQLException {
        setQueryTimeout(ps);
        ps.setMaxRows(2);
    }

    private void setQueryTimeout(PreparedStatement ps) throws SQLException {
        if (!settings.timeoutIsBusyTimeout()) {
            ps.setQueryTimeout(queryTimeoutSeconds());
        }
    }

    /** The select's SQL text for a property, made once per property name. */
    private String selectSql(String property) {
        String sql = selectSql.get(property);
        if (sql == null) {
            sql = settings.select().sql(property);
            // Property names come from jsasl's fixed list, so this stays small; the bound is a guard.
            if (selectSql.size() < StatementCachingConnection.MAX_STATEMENTS) {
                selectSql.putIfAbsent(property, sql);
            }
        }
        return sql;
    }

    /**
     * Takes a connection that failed out of the pool, so that neither it nor its prepared
     * statements serve another login: the pool closes it when it is given back.
     */
    private void retire(Connection c) {
        HikariDataSource p = pool;
        if (p != null) {
            try {
                p.evictConnection(c);
            } catch (RuntimeException ignored) {
                // Evicting is best effort: the pool also drops connections that fail validation.
            }
        }
    }

    /**
     * Whether {@code s} is a name %p may stand for outside quotes, {@code [A-Za-z][A-Za-z0-9_]{0,63}}:
     * jsasl's fixed list has only such names.
     */
    static boolean isPropertyName(String s) {
        int n = s.length();
        if (n == 0 || n > 64 || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char ch = s.charAt(i);
            if (!isAsciiLetter(ch) && !(ch >= '0' && ch <= '9') && ch != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    }

    @Override
    public PropertyStore store(CanonicalUser user, String property, String value) {
        if (!settings.canStore()) {
            return new PropertyStore.NotSupported("sql needs both sql_insert and sql_update to store");
        }
        if (!isPropertyName(property)) {
            return new PropertyStore.NotSupported("property name '" + property + "' cannot be stored");
        }
        SqlStatement.Values values = new SqlStatement.Values(user.user(), user.realm(), property, value);
        return inTransaction("storing " + property, c -> {
            Row existing = selectOne(c, user, property);
            SqlStatement statement = existing instanceof Row.None
                    ? settings.insert().orElseThrow() : settings.update().orElseThrow();
            // Not cached: it binds the value (a password hash), and stores are rare.
            try (PreparedStatement ps = c.prepareStatement(statement.sql(property))) {
                setQueryTimeout(ps);
                statement.bind(ps, values);
                ps.executeUpdate();
            }
            c.commit();
            log.note("sql: stored {} of {}", property, SaslLog.quote(user.authid()));
            return new PropertyStore.Stored();
        });
    }

    /** One write in a transaction of its own, which {@code work} commits or rolls back. */
    @FunctionalInterface
    private interface Write {
        PropertyStore run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} with auto-commit off; a failure rolls back and retires the connection. The
     * driver's message may quote the values (password hashes): only the SQL state (SQLite's driver
     * has none: its error code) reaches the result.
     */
    private PropertyStore inTransaction(String action, Write work) {
        try (Connection c = connection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } finally {
                    retire(c);
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            String code = e.getSQLState() != null ? "SQL state " + e.getSQLState() : "error code " + e.getErrorCode();
            return new PropertyStore.Unavailable(action + " failed (" + code + ")", null);
        } catch (RuntimeException e) {
            return new PropertyStore.Unavailable(action + " failed (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    @Override
    public boolean canReplace() {
        return settings.rehashUpdate().isPresent();
    }

    /**
     * Runs {@code jsasl_rehash_update} with {@code %v} the new and {@code %o} the old value, both
     * bound: one row changed is stored, none is a {@link PropertyStore.Conflict} (the value changed
     * meanwhile, or the row is gone), more than one is rolled back.
     */
    @Override
    public PropertyStore replace(CanonicalUser user, String property, String oldValue, String newValue) {
        if (settings.rehashUpdate().isEmpty()) {
            return new PropertyStore.NotSupported("sql needs " + SqlSettings.REHASH_UPDATE + " to compare-and-set");
        }
        if (!isPropertyName(property)) {
            return new PropertyStore.NotSupported("property name '" + property + "' cannot be stored");
        }
        SqlStatement statement = settings.rehashUpdate().get();
        SqlStatement.Values values = new SqlStatement.Values(user.user(), user.realm(), property, newValue, oldValue);
        return inTransaction("replacing " + property, c -> {
            int rows;
            // Not cached: it binds password hashes, and upgrades happen once per user.
            try (PreparedStatement ps = c.prepareStatement(statement.sql(property))) {
                setQueryTimeout(ps);
                statement.bind(ps, values);
                rows = ps.executeUpdate();
            }
            if (rows != 1) {
                c.rollback();
                if (rows == 0) {
                    return new PropertyStore.Conflict();
                }
                log.err("sql: {} would change {} rows for {}; rolled back", SqlSettings.REHASH_UPDATE, rows,
                        SaslLog.quote(user.authid()));
                return new PropertyStore.Unavailable(SqlSettings.REHASH_UPDATE + " matched " + rows
                        + " rows; rolled back", null);
            }
            c.commit();
            log.note("sql: replaced {} of {}", property, SaslLog.quote(user.authid()));
            return new PropertyStore.Stored();
        });
    }

    private int queryTimeoutSeconds() {
        return (int) Math.max(1, settings.queryTimeout().toSeconds());
    }

    /** A pooled connection; the pool is made on first use, so a server starts while its database is down. */
    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the sql auxprop is closed");
        }
        if (settings.engine() == SqlEngine.SQLITE3 && settings.jdbcUrl().isEmpty()
                && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(settings.database()))) {
            // The driver would create an empty database; a missing file is an outage, not "no such user".
            throw new SQLException("SQLite database file " + settings.database() + " does not exist", "08001");
        }
        HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new HikariDataSource(hikariConfig());
                    poolGauges = gauges(p);
                    pool = p;
                }
            }
        }
        return p.getConnection();
    }

    /** The pool's connection counts as gauges, for monitoring (nothing when no metrics are installed). */
    private static AuthMetrics.Registration gauges(HikariDataSource p) {
        HikariPoolMXBean bean = p.getHikariPoolMXBean();
        if (bean == null || !AuthMetrics.enabled()) {
            return AuthMetrics.Registration.NONE;
        }
        return AuthMetrics.current().pool(p.getPoolName(), new AuthMetrics.PoolGauges() {
            @Override
            public int active() {
                return bean.getActiveConnections();
            }

            @Override
            public int idle() {
                return bean.getIdleConnections();
            }

            @Override
            public int total() {
                return bean.getTotalConnections();
            }

            @Override
            public int pending() {
                return bean.getThreadsAwaitingConnection();
            }
        });
    }

    private HikariConfig hikariConfig() {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("jsasl-sql-" + settings.engine().configName());
        // Hikari gets its physical connections from a data source that counts them, so that the
        // benchmark can show connections per authentication (Cyrus: four).
        hc.setDataSource(new CountingDataSource(settings.url(), settings.user(), settings.password(),
                settings.driverProperties(), connectionsOpened, statementsPrepared,
                (int) Math.max(1, settings.connectTimeout().toSeconds())));
        hc.setMaximumPoolSize(settings.engine() == SqlEngine.SQLITE3 ? Math.min(settings.poolSize(), 4)
                : settings.poolSize());
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(settings.connectTimeout().toMillis());
        hc.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 5000)));
        // Do not fail (or block) construction when the database is down: every lookup retries.
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        return hc;
    }

    /** Physical connections the pool opened so far. */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /**
     * Statements the pool's connections prepared for their caches so far: one per statement text
     * and physical connection (and again after a connection was replaced), not one per login.
     */
    public long statementsPrepared() {
        return statementsPrepared.get();
    }

    private String describe(SQLException e) {
        String kind = e instanceof SQLTimeoutException || e.getClass().getSimpleName().contains("Timeout")
                ? "database timed out" : "database unavailable";
        String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
        return kind + state + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** Closes the pool. */
    @Override
    public void close() {
        closed = true;
        HikariDataSource p = pool;
        if (p != null) {
            poolGauges.close();
            p.close();
        }
    }

    @Override
    public String toString() {
        return "SqlAuxprop[" + settings + "]";
    }
}
