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
        TestDatabase d = db();
        return "sql_engine: " + d.engine() + "\nsql_hostnames: " + d.host() + ":" + d.port() + "\nsql_database: "
                + d.database() + "\nsql_user: " + d.user() + "\nsql_passwd: " + d.password()
                + "\nsql_connect_timeout: 2000\nsql_query_timeout: 5000\n";
    }

    @Override
    Connection admin() throws SQLException {
        return db().connect();
    }
}
