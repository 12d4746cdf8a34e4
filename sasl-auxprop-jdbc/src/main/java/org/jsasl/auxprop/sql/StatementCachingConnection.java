package org.jsasl.auxprop.sql;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A physical database connection that keeps the lookup statements prepared on it, so that a pooled
 * connection compiles each fixed statement text once instead of once per login (SQLite compiles
 * SQL on every {@code prepareStatement}). The pool wraps this connection in its own proxy, which
 * closes the statements made through it when a borrower gives the connection back; statements
 * made here live as long as the physical connection instead, and are closed with it, whether the
 * pool retires it, evicts it after an error or shuts down.
 *
 * <p>Only statement texts fixed at startup are cached (user input is always bound, never part of a
 * key), at most {@value #MAX_STATEMENTS} of them, the least recently used closed first. A borrower
 * has the connection to itself; the methods are still synchronized because the pool may close or
 * abort a connection from its own threads.
 */
final class StatementCachingConnection implements Connection {

    /** The most statements kept per connection: one per property looked up, and a margin. */
    static final int MAX_STATEMENTS = 16;

    /** Sets up a statement once, when it is prepared (timeouts, row limit). */
    @FunctionalInterface
    interface Setup {
        void apply(PreparedStatement ps) throws SQLException;
    }

    private final Connection physical;
    private final AtomicLong prepared;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(MAX_STATEMENTS * 2, 0.75f, true);

    /**
     * @param physical the driver's connection
     * @param prepared counts the statements this connection prepares for its cache
     */
    StatementCachingConnection(Connection physical, AtomicLong prepared) {
        this.physical = physical;
        this.prepared = prepared;
    }

    /**
     * The statement for {@code sql}, prepared on first use and set up by {@code setup} then. The
     * caller binds every parameter before each execution and closes the result set, never the
     * statement.
     */
    synchronized PreparedStatement cached(String sql, Setup setup) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps != null) {
            return ps;
        }
        ps = physical.prepareStatement(sql);
        prepared.incrementAndGet();
        try {
            setup.apply(ps);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            throw e;
        }
        if (statements.size() >= MAX_STATEMENTS) {
            Iterator<PreparedStatement> eldest = statements.values().iterator();
            closeQuietly(eldest.next());
            eldest.remove();
        }
        statements.put(sql, ps);
        return ps;
    }

    /** The number of statements kept now. */
    synchronized int cachedCount() {
        return statements.size();
    }

    /** Closes the cached statements, then the connection. */
    @Override
    public void close() throws SQLException {
        closeStatements();
        physical.close();
    }

    /** Forgets the cached statements (they die with the connection), then aborts it. */
    @Override
    public void abort(Executor executor) throws SQLException {
        synchronized (this) {
            statements.clear();
        }
        physical.abort(executor);
    }

    private synchronized void closeStatements() {
        List<PreparedStatement> all = new ArrayList<>(statements.values());
        statements.clear();
        for (PreparedStatement ps : all) {
            closeQuietly(ps);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException ignored) {
            // The connection may already be dead; the statement goes with it.
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : physical.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || physical.isWrapperFor(iface);
    }

    // Everything else is the physical connection's.

    @Override
    public Statement createStatement() throws SQLException {
        return physical.createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return physical.prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return physical.prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return physical.nativeSQL(sql);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        physical.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return physical.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        physical.commit();
    }

    @Override
    public void rollback() throws SQLException {
        physical.rollback();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return physical.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return physical.getMetaData();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        physical.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return physical.isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        physical.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return physical.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        physical.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return physical.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return physical.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        physical.clearWarnings();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return physical.createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return physical.prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return physical.prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return physical.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        physical.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        physical.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return physical.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return physical.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return physical.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        physical.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        physical.releaseSavepoint(savepoint);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return physical.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return physical.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return physical.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return physical.prepareStatement(sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return physical.prepareStatement(sql, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return physical.prepareStatement(sql, columnNames);
    }

    @Override
    public Clob createClob() throws SQLException {
        return physical.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return physical.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return physical.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return physical.createSQLXML();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return physical.isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        physical.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        physical.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return physical.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return physical.getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return physical.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return physical.createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        physical.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return physical.getSchema();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        physical.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return physical.getNetworkTimeout();
    }

    @Override
    public String toString() {
        return "StatementCachingConnection[" + physical + "]";
    }
}
