package org.jsasl.auxprop.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.jsasl.testkit.db.TestDatabase;

/** The soak on the real MariaDB of {@code scripts/services/mariadb}. */
class MariadbSoakTest extends SqlSoakContract {
    private TestDatabase db;

    private TestDatabase db() {
        if (db == null) {
            db = TestDatabase.mariadb();
        }
        return db;
    }

    @Override
    String name() {
        return "mariadb";
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
