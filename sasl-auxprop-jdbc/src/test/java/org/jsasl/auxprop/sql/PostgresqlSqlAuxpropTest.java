package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;

/** The sql auxprop contract on a real PostgreSQL. */
class PostgresqlSqlAuxpropTest extends ServerSqlAuxpropContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgresql();
    }
}
