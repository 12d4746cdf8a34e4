package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;

/** Password upgrade on login on a real MariaDB, through {@code sql_engine: mysql}. */
class MariadbPasswordUpgradeTest extends ServerPasswordUpgradeContract {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}
