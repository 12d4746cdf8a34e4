package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jsasl authd} as a real process on the SQLite demo configuration: it answers on its
 * Dovecot and saslauthd sockets, rereads smtpd.conf on SIGHUP without dropping a connection, stops
 * within a bound on SIGTERM removing its sockets, and runs as another user after binding with
 * {@code --run-as}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuthdLauncherIT {

    private static final long START_WAIT_MILLIS = 60_000;
    private static final String PLAIN = Base64.getEncoder().encodeToString(
            "\0testuser\0secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private Path root;
    private Path config;
    private Process process;
    private final ExecutorService reader = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "authd-it-reader");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void prepare() throws IOException {
        root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("examples/target/jsasl-cli.jar")),
                "examples/target/jsasl-cli.jar is not built yet");
        // The demo configuration and its SQLite file, readable by a dropped user too.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(root.resolve("examples/conf/demo.sqlite"), dir.resolve("demo.sqlite"), StandardCopyOption.REPLACE_EXISTING);
        config = dir.resolve("smtpd.conf");
        writeConfig("LOGIN PLAIN");
    }

    private void writeConfig(String mechList) throws IOException {
        String demo = Files.readString(root.resolve("examples/conf/smtpd.conf"));
        Files.writeString(config, demo.replace("mech_list: LOGIN PLAIN", "mech_list: " + mechList));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("demo.sqlite"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        reader.shutdownNow();
    }

    private void start(String... extra) throws IOException {
        start(java.util.Map.of(), extra);
    }

    private void start(java.util.Map<String, String> env, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/jsasl").toString(), "authd",
                "--config", config.toString(), "--dovecot", "unix:" + dir.resolve("auth"),
                "--saslauthd", "unix:" + dir.resolve("mux"), "--mode", "0666", "--server-name", "mx.example.test"));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("JSASL_NO_BUILD", "1");
        pb.environment().remove("JSASL_JAVA_OPTS");
        pb.environment().putAll(env);
        process = pb.start();
    }

    private String output() throws IOException {
        return "stdout: " + Files.readString(dir.resolve("out.txt")) + "\nstderr: " + Files.readString(dir.resolve("err.txt"));
    }

    /** A Dovecot-protocol connection with its handshake read; bounded waits for the JVM to start. */
    private final class Dovecot implements AutoCloseable {
        final SocketChannel channel;
        final BufferedReader in;
        final List<String> handshake = new ArrayList<>();

        Dovecot() throws Exception {
            long deadline = System.currentTimeMillis() + START_WAIT_MILLIS;
            SocketChannel c;
            while (true) {
                c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(dir.resolve("auth")));
                    break;
                } catch (IOException notYet) {
                    c.close();
                    if (!process.isAlive()) {
                        fail("bin/jsasl authd exited with " + process.exitValue() + ": " + output());
                    }
                    if (System.currentTimeMillis() > deadline) {
                        fail("bin/jsasl authd did not listen within " + START_WAIT_MILLIS + " ms: " + output());
                    }
                    Thread.sleep(100);
                }
            }
            channel = c;
            in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            send("VERSION\t1\t0\nCPID\t" + ProcessHandle.current().pid());
            for (String l = line(); !"DONE".equals(l); l = line()) {
                assertTrue(l != null, "EOF in the handshake: " + handshake);
                handshake.add(l);
            }
        }

        void send(String lines) throws IOException {
            ByteBuffer b = ByteBuffer.wrap((lines + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** The next line, or null at EOF; fails after 10 s without one. */
        String line() throws Exception {
            Future<String> f = reader.submit(in::readLine);
            return f.get(10, TimeUnit.SECONDS);
        }

        List<String> mechanisms() {
            return handshake.stream().filter(l -> l.startsWith("MECH\t")).map(l -> l.split("\t")[1]).toList();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** One saslauthd request (four counted strings), its answer as text. */
    private String saslauthd(String user, String password) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(dir.resolve("mux")));
            ByteBuffer req = ByteBuffer.allocate(1024);
            for (String field : List.of(user, password, "smtp", "")) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                req.putShort((short) b.length).put(b);
            }
            req.flip();
            while (req.hasRemaining()) {
                c.write(req);
            }
            Future<byte[]> f = reader.submit(() -> Channels.newInputStream(c).readAllBytes());
            byte[] reply = f.get(10, TimeUnit.SECONDS);
            return reply.length < 2 ? "(closed)" : new String(reply, 2, reply.length - 2, StandardCharsets.US_ASCII);
        }
    }

    private void stopsOnSigtermAndRemovesItsSockets(boolean socketsRemoved) throws Exception {
        process.destroy();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "bin/jsasl authd still running 10 s after SIGTERM");
        if (socketsRemoved) {
            assertFalse(Files.exists(dir.resolve("auth")), "the Dovecot socket is removed");
            assertFalse(Files.exists(dir.resolve("mux")), "the saslauthd socket is removed");
        }
    }

    @Test
    void servesBothProtocolsRereadsOnSighupAndStopsOnSigterm() throws Exception {
        start();
        try (Dovecot kept = new Dovecot()) {
            assertEquals(List.of("LOGIN", "PLAIN"), kept.mechanisms().stream().sorted().toList());
            kept.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + PLAIN);
            assertEquals("OK\t1\tuser=testuser", kept.line());
            assertEquals("OK", saslauthd("testuser", "secret"));
            assertEquals("NO", saslauthd("testuser", "wrong"));

            writeConfig("PLAIN");
            new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            // The connection made before the reload stays up and is served; new ones see the new list.
            long deadline = System.currentTimeMillis() + 20_000;
            List<String> mechs;
            do {
                Thread.sleep(200);
                try (Dovecot fresh = new Dovecot()) {
                    mechs = fresh.mechanisms();
                }
            } while (mechs.contains("LOGIN") && System.currentTimeMillis() < deadline);
            assertEquals(List.of("PLAIN"), mechs, output());
            kept.send("AUTH\t2\tPLAIN\tservice=smtp\tresp=" + PLAIN);
            assertEquals("OK\t2\tuser=testuser", kept.line());
        }
        stopsOnSigtermAndRemovesItsSockets(true);
        assertFalse(output().contains("secret"), output());
    }

    @Test
    void runAsDropsRootAfterBinding() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "--run-as needs root");
        start("--run-as", "nobody:nogroup");
        try (Dovecot c = new Dovecot()) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\tresp=" + PLAIN);
            assertEquals("OK\t1\tuser=testuser", c.line(), output());
        }
        String status = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status"));
        String uid = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(List.of("65534", "65534", "65534", "65534"), List.of(uid.substring(4).trim().split("\\s+")), status);
        String groups = status.lines().filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow();
        assertFalse(groups.matches("Groups:.*\\b0\\b.*"), groups);   // no supplementary root group left
        // Sockets sit in a directory only root may write to: a dropped daemon cannot remove them,
        // and the next start replaces them (AuthdDaemonTest covers that).
        stopsOnSigtermAndRemovesItsSockets(false);
    }

    /**
     * fail2ban's own fail2ban-regex reads the log a real {@code bin/jsasl authd} wrote (in a time zone
     * east of UTC) with examples/fail2ban/jsasl-authd.conf: it finds the rip= of every refused AUTH,
     * never a successful one, one without rip=, or one the backend could not answer.
     */
    @Test
    void fail2banFindsTheClientOfEveryRefusedAuthAndNothingElse() throws Exception {
        String regex = org.jsasl.testkit.TestServices.require("fail2ban-regex", List.of("JSASL_FAIL2BAN_REGEX"))
                .get("JSASL_FAIL2BAN_REGEX");
        long startedAt = System.currentTimeMillis() / 1000;
        start(java.util.Map.of("TZ", "Asia/Kolkata"));
        String wrong = Base64.getEncoder().encodeToString("\0testuser\0wrong".getBytes(StandardCharsets.UTF_8));
        String nobody = Base64.getEncoder().encodeToString("\0nobody\0secret".getBytes(StandardCharsets.UTF_8));
        String quote = Base64.getEncoder().encodeToString(
                "\0x' from 203.0.113.9: \0secret".getBytes(StandardCharsets.UTF_8));
        try (Dovecot c = new Dovecot()) {
            String rip = "\tservice=smtp\tlip=127.0.0.1\trip=";
            c.send("AUTH\t1\tPLAIN" + rip + "192.0.2.1\tresp=" + wrong);
            assertEquals("FAIL\t1\tuser=testuser", c.line());
            c.send("AUTH\t2\tPLAIN" + rip + "192.0.2.1\tresp=" + wrong);
            assertEquals("FAIL\t2\tuser=testuser", c.line());
            c.send("AUTH\t3\tPLAIN" + rip + "192.0.2.2\tresp=" + nobody);
            assertEquals("FAIL\t3\tuser=nobody", c.line());
            c.send("AUTH\t4\tPLAIN" + rip + "192.0.2.3\tresp=" + PLAIN);
            assertEquals("OK\t4\tuser=testuser", c.line());
            c.send("AUTH\t5\tPLAIN\tservice=smtp\tresp=" + wrong);   // no rip=: nobody to ban
            assertTrue(c.line().startsWith("FAIL\t5"));
            c.send("AUTH\t6\tPLAIN" + rip + "192.0.2.5\tresp=" + quote);   // a name that tries to name an address
            assertTrue(c.line().startsWith("FAIL\t6"));
        }
        // The database goes missing: a temporary failure (the connection is closed), never counted.
        Files.move(dir.resolve("demo.sqlite"), dir.resolve("demo.sqlite.away"));
        try (Dovecot c = new Dovecot()) {
            c.send("AUTH\t1\tPLAIN\tservice=smtp\trip=192.0.2.4\tresp=" + PLAIN);
            assertEquals(null, c.line());
        }
        stopsOnSigtermAndRemovesItsSockets(true);
        String log = Files.readString(dir.resolve("err.txt"));
        assertTrue(log.contains("authentication unavailable for 'testuser' from 192.0.2.4"), log);
        assertFalse(log.contains("secret"), log);

        Process p = new ProcessBuilder(regex, "-o", "row", dir.resolve("err.txt").toString(),
                root.resolve("examples/fail2ban/jsasl-authd.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("regex.txt").toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fail2ban-regex did not finish");
        String rows = Files.readString(dir.resolve("regex.txt"));
        assertEquals(0, p.exitValue(), rows);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\['([^']+)',\\s*(\\d+)").matcher(rows);
        List<String> hosts = new ArrayList<>();
        while (m.find()) {
            hosts.add(m.group(1));
            long at = Long.parseLong(m.group(2));
            assertTrue(at >= startedAt - 2 && at <= System.currentTimeMillis() / 1000 + 2, "time read as " + at + ": " + log);
        }
        assertEquals(List.of("192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.5"), hosts, rows + "\nlog:\n" + log);
    }
}
