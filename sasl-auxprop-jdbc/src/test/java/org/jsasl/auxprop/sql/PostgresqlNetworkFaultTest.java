package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;

/** The network faults between the sql auxprop and the shared PostgreSQL. */
class PostgresqlNetworkFaultTest extends NetworkFaultContract {

    /**
     * A statement stalled on an open connection: pgjdbc cancels it over a new connection, which
     * stalls too, for cancelSignalTimeout. This test found pgjdbc's default (10 s more than the
     * socket timeout); jsasl's URL now sets it to the connect timeout, so the usual bound holds.
     */
    @Override
    long stalledStatementBoundMs() {
        return BOUND_MS;
    }

    @Override
    TestDatabase database() {
        return TestDatabase.postgresql();
    }

}
