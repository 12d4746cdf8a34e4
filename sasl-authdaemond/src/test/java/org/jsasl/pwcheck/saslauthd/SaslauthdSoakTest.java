package org.jsasl.pwcheck.saslauthd;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.daemons.DaemonSoak;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The soak (issue 13) through pwcheck_method: saslauthd on the real Cyrus saslauthd (-a sasldb). */
class SaslauthdSoakTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void loginsAtSixteenThreadsLeaveNothingBehind() throws Exception {
        // bob lives in realm example.org: the realm travels to the daemon split at the last @.
        DaemonSoak.run("saslauthd", "pwcheck_method: saslauthd\nmech_list: PLAIN\n"
                + "saslauthd_path: " + TestDaemons.saslauthdSocket() + "\n",
                List.of(new DaemonSoak.Account("alice", "alice-secret"),
                        new DaemonSoak.Account("bob@example.org", "bob-secret")));
    }
}
