package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;

/** The sql auxprop contract on a real MariaDB, through {@code sql_engine: mysql}. */
class MariadbSqlAuxpropTest extends ServerSqlAuxpropContract {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}
