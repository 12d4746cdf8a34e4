package org.jsasl.auxprop.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.jsasl.testkit.db.TestDatabase;

/** Password upgrade on login on a real database server started by {@code scripts/services}. */
abstract class ServerPasswordUpgradeContract extends PasswordUpgradeContract {

    private TestDatabase db;

    /** The server this class runs against. */
    abstract TestDatabase database();

    private TestDatabase db() {
        if (db == null) {
            db = database();
        }
        return db;
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
