package org.jsasl.testkit.daemons;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.Soak;

/**
 * The soak of issue 13 against a real password daemon ({@code pwcheck_method: authdaemond} or
 * {@code saslauthd}): {@link Soak#logins()} PLAIN logins at 16 threads through
 * {@code Sasl.createSaslServer}, right, wrong and unknown mixed over the daemon's accounts; zero
 * errors and zero wrong verdicts, and the process' file descriptors (one socket per request) and
 * threads back where they started once the context is closed.
 */
public final class DaemonSoak {

    /** Threads logging in at once. */
    public static final int THREADS = 16;

    /** One of the daemon's accounts and its right password. */
    public record Account(String user, String password) {
    }

    private DaemonSoak() {
    }

    /**
     * Runs the soak (after a short warm-up on a context of its own, so that class loading is not
     * counted as a leak) and asserts its figures.
     *
     * @param name the daemon's name in the figures
     * @param confBody the smtpd.conf naming the daemon
     * @param accounts the accounts to log in as; login n uses account n modulo their number
     */
    public static void run(String name, String confBody, List<Account> accounts) throws Exception {
        Exchange.registerProvider();
        Path dir = Files.createTempDirectory("jsasl-soak-" + name);
        Path conf = dir.resolve("smtpd.conf");
        try {
            Files.writeString(conf, confBody);
            try (ServerContext warm = ServerContext.load(conf)) {
                Soak.run(name + "-warmup", 500, THREADS, 300, (n, e) -> login(warm, accounts, n, e)).assertClean();
            }
            Thread.sleep(500);
            Soak.Resources before = Soak.Resources.now();
            try (ServerContext ctx = ServerContext.load(conf)) {
                Soak.run(name, Soak.logins(), THREADS, 1800, (n, e) -> login(ctx, accounts, n, e)).assertClean();
            }
            Soak.Resources after = Soak.Resources.settle(before, 15);
            Soak.Resources.assertBack(name, before, after, 2, 1);
        } finally {
            Files.deleteIfExists(conf);
            Files.deleteIfExists(dir);
        }
    }

    private static Soak.Verdict login(ServerContext ctx, List<Account> accounts, int n, Soak.Expect expect)
            throws Exception {
        Account a = accounts.get(n % accounts.size());
        return switch (expect) {
            case RIGHT -> Soak.plain(ctx, "smtp", a.user(), a.password());
            case WRONG -> Soak.plain(ctx, "smtp", a.user(), a.password() + "x");
            case UNKNOWN -> Soak.plain(ctx, "smtp", "nosuch" + n % 97, a.password());
        };
    }
}
