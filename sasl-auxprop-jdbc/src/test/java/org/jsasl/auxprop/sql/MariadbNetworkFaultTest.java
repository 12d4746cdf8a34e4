package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;

/**
 * The network faults between the sql auxprop and the shared MariaDB. MariaDB's driver has no
 * out-of-band cancel on the client's path (a query timeout is the server's max_statement_time),
 * so a stalled statement is bounded by the socket timeout like every other case.
 */
class MariadbNetworkFaultTest extends NetworkFaultContract {

    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    long stalledStatementBoundMs() {
        return BOUND_MS;
    }
}
