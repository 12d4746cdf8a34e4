package org.jsasl.auxprop.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:counting:<rest>} that hands out the connections of the driver for
 * {@code jdbc:<rest>}, counting what the sql auxprop does with them from outside: statements
 * prepared and still open, connections open, and, on demand, making the next executions fail as a
 * dead connection does (SQL state 08006).
 */
final class CountingJdbcDriver implements Driver {

    static final String PREFIX = "jdbc:counting:";

    private static final CountingJdbcDriver INSTANCE = new CountingJdbcDriver();

    final AtomicInteger prepared = new AtomicInteger();
    final AtomicInteger openStatements = new AtomicInteger();
    final AtomicInteger openConnections = new AtomicInteger();
    final AtomicInteger failNextExecutions = new AtomicInteger();

    private CountingJdbcDriver() {
    }

    /** The registered driver, its counters reset. */
    static synchronized CountingJdbcDriver registered() throws SQLException {
        boolean present = DriverManager.drivers().anyMatch(d -> d == INSTANCE);
        if (!present) {
            DriverManager.registerDriver(INSTANCE);
        }
        INSTANCE.prepared.set(0);
        INSTANCE.openStatements.set(0);
        INSTANCE.openConnections.set(0);
        INSTANCE.failNextExecutions.set(0);
        return INSTANCE;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String real = "jdbc:" + url.substring(PREFIX.length());
        Connection c = DriverManager.getDriver(real).connect(real, info);
        openConnections.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(c));
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection target;
        private boolean closed;

        ConnectionHandler(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getName().equals("close")) {
                synchronized (this) {
                    if (!closed) {
                        closed = true;
                        openConnections.decrementAndGet();
                    }
                }
            }
            Object result = call(target, m, args);
            if (m.getName().equals("prepareStatement")) {
                prepared.incrementAndGet();
                openStatements.incrementAndGet();
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                        new StatementHandler((PreparedStatement) result));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final PreparedStatement target;
        private boolean closed;

        StatementHandler(PreparedStatement target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("close")) {
                synchronized (this) {
                    if (!closed) {
                        closed = true;
                        openStatements.decrementAndGet();
                    }
                }
            }
            if (name.startsWith("execute") && failNextExecutions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("connection lost (injected by the test)", "08006");
            }
            return call(target, m, args);
        }
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
