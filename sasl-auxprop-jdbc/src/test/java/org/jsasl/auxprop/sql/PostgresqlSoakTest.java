package org.jsasl.auxprop.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.jsasl.testkit.db.TestDatabase;

/** The soak on the real PostgreSQL of {@code scripts/services/postgresql}. */
class PostgresqlSoakTest extends SqlSoakContract {
    private TestDatabase db;

    private TestDatabase db() {
        if (db == null) {
            db = TestDatabase.postgresql();
        }
        return db;
    }

    @Override
    String name() {
        return "postgresql";
    }

    @Override
    String connectionLines() {
        return db().smtpdConfLines();
    }

    @Override
    Connection admin() throws SQLException {
        return db().connect();
    }
}
