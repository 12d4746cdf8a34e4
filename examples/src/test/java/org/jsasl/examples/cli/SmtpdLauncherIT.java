package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jsasl smtpd} as a real process (the shaded jar a previous {@code package} made; the
 * launcher never builds here): it serves SMTP on the port given, authenticates the demo user, and
 * stops within a bound on SIGTERM, as on Ctrl-C or a service manager's stop.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SmtpdLauncherIT {

    private static final long BANNER_WAIT_MILLIS = 60_000;

    @TempDir
    Path dir;

    private Path root;
    private Process process;

    @BeforeEach
    void findLauncher() {
        root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("examples/target/jsasl-cli.jar")),
                "examples/target/jsasl-cli.jar is not built yet");
    }

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        // Closed again before the server binds it: another process could take it in between, which
        // on loopback in a test run is unlikely enough.
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private InetSocketAddress start(String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/jsasl").toString(), "smtpd"));
        command.addAll(List.of(args));
        command.addAll(List.of("--listen", "127.0.0.1:" + port));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("JSASL_NO_BUILD", "1");
        pb.environment().remove("JSASL_JAVA_OPTS");
        process = pb.start();
        return new InetSocketAddress("127.0.0.1", port);
    }

    private String output() throws IOException {
        return "stdout: " + Files.readString(dir.resolve("out.txt")) + "\nstderr: " + Files.readString(dir.resolve("err.txt"));
    }

    /** Connects once the server listens (the JVM takes a moment to start), bounded. */
    private Socket connect(InetSocketAddress address) throws Exception {
        long deadline = System.currentTimeMillis() + BANNER_WAIT_MILLIS;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(address, 2000);
                s.setSoTimeout(10_000);
                return s;
            } catch (IOException e) {
                s.close();
                if (!process.isAlive()) {
                    fail("bin/jsasl smtpd exited with " + process.exitValue() + " before listening: " + output());
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("bin/jsasl smtpd did not listen within " + BANNER_WAIT_MILLIS + " ms: " + output());
                }
                Thread.sleep(100);
            }
        }
    }

    private static String reply(BufferedReader in) throws IOException {
        String line;
        StringBuilder all = new StringBuilder();
        do {
            line = in.readLine();
            if (line == null) {
                return all.append("(closed)").toString();
            }
            all.append(all.length() == 0 ? "" : "\n").append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString();
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void stopsOnSigterm() throws Exception {
        process.destroy();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "bin/jsasl smtpd still running 10 s after SIGTERM");
    }

    @Test
    void demoAuthenticatesAndStopsOnSigterm() throws Exception {
        InetSocketAddress address = start();
        try (Socket s = connect(address)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertEquals("220 foo.example.com ESMTP Postfix", reply(in));
            send(out, "EHLO example.com");
            assertTrue(reply(in).contains("250-AUTH LOGIN PLAIN"));
            send(out, "AUTH PLAIN " + Base64.getEncoder().encodeToString(
                    "\0testuser\0secret".getBytes(StandardCharsets.UTF_8)));
            assertEquals("235 2.7.0 Authentication successful", reply(in));
            send(out, "QUIT");
            assertEquals("221 2.0.0 Bye", reply(in));
        }
        stopsOnSigterm();
    }

    /** The second demo starts too; with no authdaemond at the Gentoo path, AUTH is a temporary failure. */
    @Test
    void authdaemondDemoStarts() throws Exception {
        InetSocketAddress address = start("--config", root.resolve("examples/conf/authdaemond").toString());
        try (Socket s = connect(address)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertEquals("220 foo.example.com ESMTP Postfix", reply(in));
            send(out, "EHLO example.com");
            assertTrue(reply(in).contains("250-AUTH LOGIN PLAIN"));
            if (!Files.exists(Path.of("/var/lib/courier/authdaemon/socket"))) {
                send(out, "AUTH PLAIN " + Base64.getEncoder().encodeToString(
                        "\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8)));
                String reply = reply(in);
                assertTrue(reply.startsWith("454 4.7.0 Temporary authentication failure"), reply);
            }
            send(out, "QUIT");
            assertEquals("221 2.0.0 Bye", reply(in));
        }
        stopsOnSigterm();
    }

    /** SIGHUP rereads smtpd.conf: the next session offers the new mech_list, as after postfix reload. */
    @Test
    void sighupRereadsSmtpdConf() throws Exception {
        Path sasl = Files.createDirectories(dir.resolve("sasl"));
        Files.copy(root.resolve("examples/conf/demo.sqlite"), sasl.resolve("demo.sqlite"));
        String demo = Files.readString(root.resolve("examples/conf/smtpd.conf"));
        Files.writeString(sasl.resolve("smtpd.conf"), demo);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("main.cf"), String.join("\n", "myhostname = foo.example.com",
                "smtpd_sasl_auth_enable = yes", "cyrus_sasl_config_path = " + sasl, ""));
        InetSocketAddress address = start("--config", conf.toString());
        assertTrue(ehlo(address).contains("250-AUTH LOGIN PLAIN"));
        Files.writeString(sasl.resolve("smtpd.conf"), demo.replace("mech_list: LOGIN PLAIN", "mech_list: PLAIN"));
        new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 20_000;
        String ehlo;
        do {
            Thread.sleep(200);
            ehlo = ehlo(address);
        } while (ehlo.contains("LOGIN") && System.currentTimeMillis() < deadline);
        assertTrue(ehlo.contains("250-AUTH PLAIN") && !ehlo.contains("LOGIN"), ehlo + "\n" + output());
        assertTrue(process.isAlive(), "SIGHUP does not stop it");
        stopsOnSigterm();
    }

    private String ehlo(InetSocketAddress address) throws Exception {
        try (Socket s = connect(address)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(in);
            send(out, "EHLO example.com");
            String r = reply(in);
            send(out, "QUIT");
            reply(in);
            return r;
        }
    }
}
