package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.junit.jupiter.api.Test;

/**
 * A {@code sql_select} without {@code %u} is refused at load (Cyrus runs it): one row would answer
 * for every user name, and a file cut short before its WHERE clause would let anyone in.
 */
class SqlSelectWithoutUserTest {

    private static ConfigException load(String select) {
        return assertThrows(ConfigException.class, () -> ServerContext.create(SaslConfig.of("pwcheck_method", "auxprop",
                "auxprop_plugin", "sql", "sql_engine", "sqlite3", "sql_database", "/nonexistent/never-opened.sqlite",
                "sql_select", select)));
    }

    @Test
    void aSelectWithoutUserIsRefusedNamingTheKey() {
        for (String select : new String[] {"SELECT password FROM mailbox", "SELECT password FROM mailbox WHERE",
                "SELECT password FROM mailbox WHERE domain = '%r'"}) {
            ConfigException e = load(select);
            assertTrue(e.getMessage().contains("sql_select") && e.getMessage().contains("%u"), e.getMessage());
        }
    }

    @Test
    void theOldKeyNameIsCheckedToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerContext.create(SaslConfig.of(
                "pwcheck_method", "auxprop", "auxprop_plugin", "sql", "sql_engine", "sqlite3",
                "sql_database", "/nonexistent/never-opened.sqlite", "sql_statement", "SELECT password FROM mailbox")));
        assertTrue(e.getMessage().contains("sql_statement"), e.getMessage());
    }
}
