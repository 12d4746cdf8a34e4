package org.jsasl.pwcheck.authdaemond;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.daemons.DaemonSoak;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The soak (issue 13) through pwcheck_method: authdaemond on the real courier authdaemond. */
class AuthdaemondSoakTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void loginsAtSixteenThreadsLeaveNothingBehind() throws Exception {
        // alice's hash is SHA-512-crypt, bob's MD5-crypt: the daemon checks both formats.
        DaemonSoak.run("authdaemond", "pwcheck_method: authdaemond\nmech_list: PLAIN\n"
                + "authdaemond_path: " + TestDaemons.authdaemondSocket() + "\n",
                List.of(new DaemonSoak.Account("alice", "alice-secret"), new DaemonSoak.Account("bob", "bob-secret")));
    }
}
