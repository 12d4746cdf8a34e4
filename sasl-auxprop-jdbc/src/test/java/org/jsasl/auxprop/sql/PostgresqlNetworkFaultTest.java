package org.jsasl.auxprop.sql;

import org.jsasl.testkit.db.TestDatabase;
import org.jsasl.testkit.net.FaultyProxy;
import org.junit.jupiter.api.Test;

/** The network faults between the sql auxprop and the shared PostgreSQL. */
class PostgresqlNetworkFaultTest extends NetworkFaultContract {

    /**
     * pgjdbc's cancelSignalTimeout default (10 s), which jsasl's URL does not set. Found by this
     * test: when a statement outlives its query timeout, pgjdbc sends a cancel request on a new
     * connection, and the login's thread waits for that request to be sent before it sees the
     * failure. Through a stalled path the request hangs for cancelSignalTimeout, so a stalled
     * pooled connection holds a login for query timeout + 10 s, not the socket timeout. Passing
     * cancelSignalTimeout (e.g. the connect timeout) in SqlSettings.url would bring it down to
     * {@link #BOUND_MS}; until then this is the bound that holds (see docs/reliability-faults.md).
     */
    static final long PGJDBC_CANCEL_SIGNAL_TIMEOUT_MS = 10_000;
    /** The bound for a statement stalled on an open connection: its cancel request stalls too. */
    static final long STALLED_STATEMENT_BOUND_MS = CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS
            + PGJDBC_CANCEL_SIGNAL_TIMEOUT_MS + 3000;

    @Override
    TestDatabase database() {
        return TestDatabase.postgresql();
    }

    @Override
    long stalledStatementBoundMs() {
        return STALLED_STATEMENT_BOUND_MS;
    }

    /**
     * The fix the stall test points at, shown with sql_jdbc_url: the URL jsasl builds plus
     * cancelSignalTimeout=1, and a stalled pooled connection ends within {@link #BOUND_MS}.
     */
    @Test
    void aStalledStatementIsBoundedByTheSocketTimeoutOnceTheCancelRequestIsBoundedToo() throws Exception {
        ctx.close();
        long seconds = Math.max(1, CONNECT_TIMEOUT_MS / 1000);
        ctx = warmContext("sql_jdbc_url: jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/" + db.database()
                + "?connectTimeout=" + seconds + "&loginTimeout=" + seconds + "&socketTimeout="
                + (QUERY_TIMEOUT_MS / 1000 + 5) + "&cancelSignalTimeout=" + seconds + "&ApplicationName=jsasl\n");
        proxy.mode(FaultyProxy.Mode.STALL);
        assertBoundedAndUnavailable("stall (pooled connection, cancelSignalTimeout=" + seconds + ")", BOUND_MS);
        recovers("stall with cancelSignalTimeout");
    }
}
