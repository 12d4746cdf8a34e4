package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;

/** Password upgrade on login on a real PostgreSQL. */
class PostgresqlPasswordUpgradeTest extends ServerPasswordUpgradeContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgresql();
    }
}
