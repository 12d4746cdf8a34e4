package org.jsasl.testkit.daemons;

import java.nio.file.Path;
import java.util.List;
import org.jsasl.testkit.TestServices;

/**
 * The real password daemons the tests talk to: the courier authdaemond (module authuserdb) of
 * {@code scripts/services/authdaemond} and the Cyrus saslauthd ({@code -a sasldb}) of
 * {@code scripts/services/saslauthd}, read from the variables that {@code scripts/services/all env}
 * prints ({@code JSASL_AUTHDAEMOND_*}, {@code JSASL_SASLAUTHD_*}, {@code JSASL_TESTSASLAUTHD}).
 *
 * <p>When a daemon's variables are missing the test is skipped ({@link TestServices#require})
 * with a message saying how to start the services; with {@code JSASL_REQUIRE_SERVICES=1} (as
 * {@code scripts/test-all} sets) it fails instead.
 *
 * <p>The accounts (see the scripts' headers): authdaemond has {@code alice}/{@code alice-secret}
 * (SHA-512-crypt, uid 1000), {@code bob}/{@code bob-secret} (MD5-crypt, uid 1001),
 * {@code carol@example.com}/{@code carol-secret} (gecos, quota, options) and {@code dave}
 * ({@code dave-imap} for service {@code imap}, {@code dave-system} for the others); saslauthd has
 * {@code alice}/{@code alice-secret} (no realm) and {@code bob}/{@code bob-secret} in realm
 * {@code example.org}.
 *
 * <p>{@link #stopAuthdaemond()} / {@link #resumeAuthdaemond()} (and the same for saslauthd) stop a
 * daemon and start it again with its configuration ({@code scripts/services/<name> stop} and
 * {@code resume}, found through {@code JSASL_AUTHDAEMOND_SCRIPT} / {@code JSASL_SASLAUTHD_SCRIPT}),
 * so that tests can prove recovery after an outage. After a stop, authdaemond's socket file stays
 * behind (as a crashed daemon's would): connecting to it is refused.
 */
public final class TestDaemons {

    /** A daemon: its name in messages and the variables that must all be set. */
    private enum Daemon {
        AUTHDAEMOND("courier authdaemond", "JSASL_AUTHDAEMOND_SCRIPT", List.of("JSASL_AUTHDAEMOND_SOCKET",
                "JSASL_AUTHDAEMOND_PID", "JSASL_AUTHDAEMOND_AUTHTEST", "JSASL_AUTHDAEMOND_SCRIPT")),
        SASLAUTHD("saslauthd", "JSASL_SASLAUTHD_SCRIPT", List.of("JSASL_SASLAUTHD_PATH", "JSASL_SASLAUTHD_PID",
                "JSASL_TESTSASLAUTHD", "JSASL_SASLAUTHD_SCRIPT"));

        final String product;
        final String scriptVariable;
        final List<String> variables;

        Daemon(String product, String scriptVariable, List<String> variables) {
            this.product = product;
            this.scriptVariable = scriptVariable;
            this.variables = variables;
        }
    }

    private TestDaemons() {
    }

    /** authdaemond's socket ({@code JSASL_AUTHDAEMOND_SOCKET}). One request per connection. */
    public static Path authdaemondSocket() {
        return Path.of(variable(Daemon.AUTHDAEMOND, "JSASL_AUTHDAEMOND_SOCKET"));
    }

    /** The file holding authdaemond's pid while it runs ({@code JSASL_AUTHDAEMOND_PID}). */
    public static Path authdaemondPidFile() {
        return Path.of(variable(Daemon.AUTHDAEMOND, "JSASL_AUTHDAEMOND_PID"));
    }

    /**
     * A command prefix that runs courier's own {@code authtest} against this authdaemond
     * ({@code JSASL_AUTHDAEMOND_AUTHTEST}, split at white space; it enters the daemon's mount namespace,
     * so it needs root). Append authtest's arguments, e.g. {@code -s imap alice alice-secret}.
     */
    public static List<String> authtestCommand() {
        return List.of(variable(Daemon.AUTHDAEMOND, "JSASL_AUTHDAEMOND_AUTHTEST").strip().split("\\s+"));
    }

    /** Stops authdaemond (and its workers). Requests fail until {@link #resumeAuthdaemond()}. */
    public static void stopAuthdaemond() {
        runScript(Daemon.AUTHDAEMOND, "stop");
    }

    /** Starts the authdaemond stopped by {@link #stopAuthdaemond()} again; returns once its socket answers. */
    public static void resumeAuthdaemond() {
        runScript(Daemon.AUTHDAEMOND, "resume");
    }

    /** saslauthd's socket, its {@code mux} ({@code JSASL_SASLAUTHD_PATH}, what Cyrus calls saslauthd_path). */
    public static Path saslauthdSocket() {
        return Path.of(variable(Daemon.SASLAUTHD, "JSASL_SASLAUTHD_PATH"));
    }

    /** The file holding saslauthd's pid while it runs ({@code JSASL_SASLAUTHD_PID}). */
    public static Path saslauthdPidFile() {
        return Path.of(variable(Daemon.SASLAUTHD, "JSASL_SASLAUTHD_PID"));
    }

    /** Cyrus' own {@code testsaslauthd} program ({@code JSASL_TESTSASLAUTHD}); pass it {@code -f} {@link #saslauthdSocket()}. */
    public static Path testsaslauthd() {
        return Path.of(variable(Daemon.SASLAUTHD, "JSASL_TESTSASLAUTHD"));
    }

    /** Stops saslauthd (and its workers). Requests fail until {@link #resumeSaslauthd()}. */
    public static void stopSaslauthd() {
        runScript(Daemon.SASLAUTHD, "stop");
    }

    /** Starts the saslauthd stopped by {@link #stopSaslauthd()} again; returns once it accepts a login. */
    public static void resumeSaslauthd() {
        runScript(Daemon.SASLAUTHD, "resume");
    }

    /** One of the daemon's variables; skips (or, with JSASL_REQUIRE_SERVICES=1, fails) unless all are set. */
    private static String variable(Daemon daemon, String name) {
        return TestServices.require(daemon.product, daemon.variables).get(name);
    }

    private static void runScript(Daemon daemon, String verb) {
        TestServices.run(Path.of(variable(daemon, daemon.scriptVariable)), verb);
    }
}
