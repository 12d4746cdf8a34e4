package org.jsasl.auxprop.sql;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens physical connections with the JDBC driver for a URL, counting them, each one a
 * {@link StatementCachingConnection}. The credentials go to the driver as properties, never into
 * the URL (Cyrus puts them unescaped into a libpq conninfo).
 */
final class CountingDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, String> driverProperties;
    private final AtomicLong opened;
    private final AtomicLong prepared;
    private final int loginTimeoutSeconds;

    /**
     * @param driverProperties further properties for the driver (never secrets: they may be logged by drivers)
     * @param opened counts the connections opened
     * @param prepared counts the statements the connections prepare for their caches
     * @param loginTimeoutSeconds what {@link #getLoginTimeout} says: HikariCP waits that long for its
     *     connection-adding thread when the pool closes (0 made it warn at every close)
     */
    CountingDataSource(String url, String user, String password, Map<String, String> driverProperties,
            AtomicLong opened, AtomicLong prepared, int loginTimeoutSeconds) {
        this.loginTimeoutSeconds = loginTimeoutSeconds;
        this.url = url;
        this.user = user;
        this.password = password;
        this.driverProperties = Map.copyOf(driverProperties);
        this.opened = opened;
        this.prepared = prepared;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties props = new Properties();
        props.putAll(driverProperties);
        if (!user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        Driver driver = DriverManager.getDriver(url);
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts the URL of this sql configuration", "08001");
        }
        opened.incrementAndGet();
        return new StatementCachingConnection(c, prepared);
    }

    @Override
    public Connection getConnection(String username, String pw) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Logging goes through SLF4J.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The URL carries the drivers' own connect timeouts.
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    @Override
    public String toString() {
        return "CountingDataSource[" + url + "]";
    }
}
