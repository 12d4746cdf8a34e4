package org.jsasl.auxprop.sql;

import java.util.Locale;

/**
 * The database engines of Cyrus' {@code sql_engine}, each with the JDBC driver that serves it:
 * {@code mysql} (Cyrus' default; MariaDB's driver, which speaks to MySQL too), {@code pgsql}, and
 * {@code sqlite3} ({@code sqlite}, Cyrus' SQLite 2, is read as SQLite 3: no Java driver reads the
 * SQLite 2 format).
 */
public enum SqlEngine {
    /** MySQL or MariaDB. */
    MYSQL("mysql", 3306),
    /** PostgreSQL. */
    PGSQL("pgsql", 5432),
    /** SQLite 3: {@code sql_database} is the file. */
    SQLITE3("sqlite3", 0);

    private final String configName;
    private final int defaultPort;

    SqlEngine(String configName, int defaultPort) {
        this.configName = configName;
        this.defaultPort = defaultPort;
    }

    /** The {@code sql_engine} value. */
    public String configName() {
        return configName;
    }

    /** The server's usual port, or 0 for a file. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Whether a double-quoted SQL text is a string (MySQL) rather than an identifier. */
    boolean doubleQuotesAreStrings() {
        return this == MYSQL;
    }

    /** Whether a backslash escapes the next character inside a quoted string (MySQL's default). */
    boolean backslashEscapes() {
        return this == MYSQL;
    }

    /** The engine for a {@code sql_engine} value, or null when there is none of that name. */
    static SqlEngine of(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "mysql":
            case "mariadb":
                return MYSQL;
            case "pgsql":
            case "postgresql":
                return PGSQL;
            case "sqlite3":
            case "sqlite":
                return SQLITE3;
            default:
                return null;
        }
    }
}
