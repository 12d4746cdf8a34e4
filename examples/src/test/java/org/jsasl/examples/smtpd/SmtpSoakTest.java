package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsasl.testkit.Soak;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak of issue 13 through the example SMTP server, on the SQLite demo (examples/conf:
 * {@code password_format: crypt}, testuser's SHA-512-crypt hash) and on the real courier
 * authdaemond and Cyrus saslauthd of scripts/services: {@link Soak#logins()} sessions from
 * 200 concurrent clients, each connecting, saying EHLO, sending {@code AUTH PLAIN} with right, wrong
 * or unknown credentials and quitting; zero errors (anything but 235 and 535, a dropped connection),
 * zero wrong verdicts, nothing but the failed-login warnings in the log, and once the server is
 * closed the process' file descriptors and threads back where they started.
 */
class SmtpSoakTest {

    static final int CLIENTS = 200;

    @TempDir
    Path dir;

    /** A stand-in for standard error that counts log lines and keeps the first few unexpected ones. */
    static final class LogCounter extends OutputStream {
        final AtomicLong failedAuth = new AtomicLong();
        final List<String> unexpected = new ArrayList<>();
        long unexpectedCount;
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String l = line.toString();
                line.setLength(0);
                // The only line a soak may log: Postfix' failed-login warning, for the 535s.
                if (l.contains("warning: ") && l.contains(": SASL PLAIN authentication failed: ")) {
                    failedAuth.incrementAndGet();
                } else if (!l.isBlank()) {
                    unexpectedCount++;
                    if (unexpected.size() < 10) {
                        unexpected.add(l);
                    }
                }
            } else if (line.length() < 4096) {
                line.append((char) b);
            }
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** One of the backend's accounts and its right password. */
    record Account(String user, String password) {
    }

    /**
     * One SMTP session of login number {@code n} as account {@code n} modulo their number: 235 is
     * accepted, 535 rejected, anything else an error.
     */
    private static Soak.Verdict session(SmtpServer server, List<Account> accounts, int n, Soak.Expect expect)
            throws IOException {
        Account a = accounts.get(n % accounts.size());
        String user = expect == Soak.Expect.UNKNOWN ? "nosuch" + n % 97 : a.user();
        String password = expect == Soak.Expect.WRONG ? a.password() + n % 10 : a.password();
        String step = "connect";
        long start = System.nanoTime();
        try (SmtpClient c = new SmtpClient(server.address())) {
            step = "greeting";
            String greeting = c.reply();
            if (greeting == null || !greeting.startsWith("220 ")) {
                throw new IOException("greeting: " + greeting);
            }
            step = "EHLO";
            c.send("EHLO client" + n % 200 + ".example.net");
            String ehlo = c.reply();
            if (ehlo == null || !ehlo.contains("250-AUTH LOGIN PLAIN")) {
                throw new IOException("EHLO reply without AUTH: " + ehlo);
            }
            step = "AUTH";
            c.send("AUTH PLAIN " + b64("\0" + user + "\0" + password));
            String reply = c.reply();
            Soak.Verdict verdict;
            if (reply != null && reply.startsWith("235 ")) {
                verdict = Soak.Verdict.ACCEPTED;
            } else if (reply != null && reply.startsWith("535 ")) {
                verdict = Soak.Verdict.REJECTED;
            } else {
                throw new IOException("AUTH reply: " + reply);
            }
            step = "QUIT";
            c.send("QUIT");
            String bye = c.reply();
            if (bye == null || !bye.startsWith("221 ")) {
                throw new IOException("QUIT reply: " + bye);
            }
            return verdict;
        } catch (IOException e) {
            throw new IOException("at " + step + " after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e, e);
        }
    }

    /** The kernel's count of connections dropped because a listen queue was full (all sockets, this host). */
    static long listenOverflows() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
                    List<String> keys = List.of(lines.get(i).split("\\s+"));
                    String[] values = lines.get(i + 1).split("\\s+");
                    int k = keys.indexOf("ListenOverflows");
                    return k < 0 ? -1 : Long.parseLong(values[k]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or another layout: the figure is only printed.
        }
        return -1;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void twoHundredClientsOnTheSqliteDemoLeaveNothingBehind() throws Exception {
        soak("smtpd", TestServers.demo(Files.createDirectories(dir.resolve("mail"))),
                List.of(new Account("testuser", "secret")));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void twoHundredClientsOnAuthdaemondLeaveNothingBehind() throws Exception {
        // alice's hash is SHA-512-crypt, bob's MD5-crypt, both checked by the daemon.
        soak("smtpd-authdaemond", daemonConfig("pwcheck_method: authdaemond\nmech_list: LOGIN PLAIN\n"
                + "authdaemond_path: " + TestDaemons.authdaemondSocket() + "\n"),
                List.of(new Account("alice", "alice-secret"), new Account("bob", "bob-secret")));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void twoHundredClientsOnSaslauthdLeaveNothingBehind() throws Exception {
        soak("smtpd-saslauthd", daemonConfig("pwcheck_method: saslauthd\nmech_list: LOGIN PLAIN\n"
                + "saslauthd_path: " + TestDaemons.saslauthdSocket() + "\n"),
                List.of(new Account("alice", "alice-secret"), new Account("bob@example.org", "bob-secret")));
    }

    /** The demo main.cf with {@code cyrus_sasl_config_path} at a directory holding {@code smtpdConf}. */
    private MainCf daemonConfig(String smtpdConf) throws IOException {
        Path sasl = Files.createDirectories(dir.resolve("sasl"));
        Files.writeString(sasl.resolve("smtpd.conf"), smtpdConf);
        return TestServers.demo(Files.createDirectories(dir.resolve("mail")), "cyrus_sasl_config_path = " + sasl);
    }

    private static void soak(String name, MainCf cf, List<Account> accounts) throws Exception {
        PrintStream stderr = System.err;
        LogCounter log = new LogCounter();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        Soak.Result result;
        Soak.Resources before;
        try {
            // A warm-up server of its own, closed, so that class loading is not counted as a leak.
            try (SmtpServer warm = TestServers.start(cf)) {
                Soak.run(name + "-warmup", 400, CLIENTS, 300, (n, e) -> session(warm, accounts, n, e)).assertClean();
            }
            Thread.sleep(500);
            before = Soak.Resources.now();
            long overflows = listenOverflows();
            try (SmtpServer server = TestServers.start(cf)) {
                result = Soak.run(name, Soak.logins(), CLIENTS, 1800, (n, e) -> session(server, accounts, n, e));
            }
            System.out.printf("SOAK %s listen-queue overflows (whole host) during the run: %d%n", name,
                    listenOverflows() - overflows);
        } finally {
            System.setErr(stderr);
        }
        System.out.printf("SOAK %s log: %d failed-login warnings, %d other lines %s%n", name,
                log.failedAuth.get(), log.unexpectedCount, log.unexpected);
        result.assertClean();
        assertEquals(0, log.unexpectedCount, () -> "unexpected log lines: " + log.unexpected);
        assertTrue(log.failedAuth.get() >= result.rejected(), "a warning per refused login");
        Soak.Resources after = Soak.Resources.settle(before, 15);
        Soak.Resources.assertBack(name, before, after, 2, 1);
    }
}
