package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fail2ban's own {@code fail2ban-regex} (from {@code scripts/services/tools}, found through
 * {@code JSASL_FAIL2BAN_REGEX}) reads the log that real {@code bin/jsasl smtpd} processes wrote to
 * their {@code maillog_file}, with examples/fail2ban/jsasl-smtpd.conf: it finds the client address
 * of every failed AUTH (PLAIN and LOGIN, wrong password and unknown user, each client on its own
 * loopback address) and the right time, and never a successful AUTH, a cancel or a 454 from a
 * backend that is down.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Fail2banFilterIT {

    private static final long LISTEN_WAIT_MILLIS = 60_000;
    private static final Duration REGEX_LIMIT = Duration.ofSeconds(60);
    private static final String FAILURE = "535 5.7.8 Error: authentication failed: authentication failure";
    private static final Pattern ROW = Pattern.compile("\\['([^']+)',\\s*(\\d+)");

    @TempDir
    Path dir;

    private String fail2banRegex;
    private Path root;
    private Path log;
    private Process process;

    @BeforeEach
    void find() {
        fail2banRegex = TestServices.require("fail2ban-regex", List.of("JSASL_FAIL2BAN_REGEX"))
                .get("JSASL_FAIL2BAN_REGEX");
        root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("examples/target/jsasl-cli.jar")),
                "examples/target/jsasl-cli.jar is not built yet");
        log = dir.resolve("log").resolve("jsasl-smtpd.log");
    }

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static InetAddress loopback(int last) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    private static int freePort() throws IOException {
        // Closed again before the server binds it; on loopback in a test run, taken in between
        // only by bad luck.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Runs bin/jsasl smtpd on a main.cf in {@code name} whose SASL side is {@code saslDir}, logging
     * to {@link #log}, in a time zone east of UTC (so that the filter must read the offset).
     */
    private InetSocketAddress start(String name, Path saslDir) throws IOException {
        Path conf = dir.resolve(name);
        Files.createDirectories(conf);
        Files.createDirectories(log.getParent());
        Files.writeString(conf.resolve("main.cf"), String.join("\n",
                "myhostname = foo.example.com",
                "smtpd_sasl_auth_enable = yes",
                "smtpd_sasl_security_options = noanonymous",
                "cyrus_sasl_config_path = " + saslDir,
                "maillog_file = " + log, ""));
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/jsasl").toString(), "smtpd",
                "--config", conf.toString(), "--listen", "127.0.0.1:" + port)
                .directory(root.toFile())
                .redirectOutput(conf.resolve("out.txt").toFile())
                .redirectError(conf.resolve("err.txt").toFile());
        pb.environment().put("JSASL_NO_BUILD", "1");
        pb.environment().put("TZ", "Asia/Kolkata");
        pb.environment().remove("JSASL_JAVA_OPTS");
        process = pb.start();
        return new InetSocketAddress("127.0.0.1", port);
    }

    private void stop(String name) throws Exception {
        process.destroy();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "bin/jsasl smtpd still running 10 s after SIGTERM");
        String err = Files.readString(dir.resolve(name).resolve("err.txt"));
        assertEquals("", err.strip(), "with maillog_file, standard error stays empty");
    }

    /** Connects from 127.0.0.{@code from} once the server listens, bounded; reads the banner and says HELO. */
    private SmtpClient connect(InetSocketAddress server, int from) throws Exception {
        long deadline = System.currentTimeMillis() + LISTEN_WAIT_MILLIS;
        while (true) {
            try {
                SmtpClient c = new SmtpClient(server, loopback(from));
                assertTrue(c.reply().startsWith("220 "));
                c.expect("HELO example.com", "250 foo.example.com");
                return c;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    fail("bin/jsasl smtpd exited with " + process.exitValue() + " before listening");
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("bin/jsasl smtpd did not listen within " + LISTEN_WAIT_MILLIS + " ms");
                }
                Thread.sleep(100);
            }
        }
    }

    private static void loginExchange(SmtpClient c, String user, String password, String last) throws Exception {
        c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
        c.expect(b64(user), "334 UGFzc3dvcmQ6");
        c.expect(b64(password), last);
    }

    private BoundedProcess.Result fail2banRegex(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(fail2banRegex));
        command.addAll(List.of(options));
        command.addAll(List.of(log.toString(), root.resolve("examples/fail2ban/jsasl-smtpd.conf").toString()));
        BoundedProcess.Result r = BoundedProcess.run(command, "", REGEX_LIMIT, dir, Map.of("TZ", "UTC"));
        assertEquals(0, r.exit(), r.output());
        return r;
    }

    @Test
    void filterFindsEachFailedAuthAndNothingElse() throws Exception {
        long startedAt = System.currentTimeMillis() / 1000;
        InetSocketAddress server = start("demo", TestServers.CONF);
        try (SmtpClient c = connect(server, 1)) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0wrong"), FAILURE);
            c.expect("AUTH PLAIN " + b64("\0nosuchuser\0secret"), FAILURE);
        }
        try (SmtpClient c = connect(server, 2)) {
            loginExchange(c, "testuser", "wrong", FAILURE);
            loginExchange(c, "nosuchuser", "secret", FAILURE);
            c.expect("AUTH PLAIN", "334 ");
            c.expect(b64("\0testuser\0also-wrong"), FAILURE);
        }
        try (SmtpClient c = connect(server, 3)) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
        try (SmtpClient c = connect(server, 4)) {
            loginExchange(c, "testuser", "secret", "235 2.7.0 Authentication successful");
        }
        try (SmtpClient c = connect(server, 5)) {
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("*", "501 5.7.0 Authentication aborted");
        }
        stop("demo");

        // A second server on the same log, whose database is missing: 454, which must not count.
        Path broken = TestServers.missingDatabaseConfig(dir, "broken-sasl");
        server = start("broken", broken);
        try (SmtpClient c = connect(server, 6)) {
            for (int i = 0; i < 3; i++) {
                c.expect("AUTH PLAIN " + b64("\0testuser\0secret"),
                        "454 4.7.0 Temporary authentication failure: generic failure");
            }
        }
        stop("broken");

        String text = Files.readString(log, StandardCharsets.UTF_8);
        // The second server appended: the first one's lines are still there.
        assertEquals(5, text.lines().filter(l -> l.contains("authentication failed")).count(), text);
        assertEquals(3, text.lines().filter(l -> l.contains("authentication unavailable")).count(), text);
        assertTrue(text.lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+05:30 .*")),
                text);

        // One row per match: the address, then the time fail2ban read, in seconds since the epoch.
        List<String> addresses = new ArrayList<>();
        for (String line : fail2banRegex("-o", "row").output().lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                addresses.add(m.group(1));
                long at = Long.parseLong(m.group(2));
                long now = System.currentTimeMillis() / 1000;
                assertTrue(at >= startedAt - 2 && at <= now + 2, "time read as " + at + " in " + line + "; log:\n" + text);
            }
        }
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.2"), addresses,
                "fail2ban-regex matches; log:\n" + text);

        // Every line's time was recognised, and only the five failures matched.
        String summary = fail2banRegex().output();
        long lines = text.lines().count();
        assertTrue(summary.contains("|  [" + lines + "] {^LN-BEG}Year-Month-DayT24hour"), summary);
        assertTrue(summary.contains("Lines: " + lines + " lines, 0 ignored, 5 matched, " + (lines - 5) + " missed"),
                summary);
    }
}
