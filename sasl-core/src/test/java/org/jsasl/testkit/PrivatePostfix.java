package org.jsasl.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Postfix 3.7 (Debian's, from {@code scripts/services/tools}) as a private instance for one
 * test: its own config, queue and data directories under a temporary directory, one smtpd on
 * 127.0.0.1 and a free port, mail discarded, its log in a file, started with {@code postfix -c DIR
 * start} and stopped on {@link #close()}. Nothing under /etc or /run is touched. Needs root (the
 * data directory must belong to {@code postfix}); skipped without {@code JSASL_POSTFIX}.
 */
public final class PrivatePostfix implements AutoCloseable {

    private static final long COMMAND_SECONDS = 30;

    private final Path dir;
    private final Path conf;
    private final int port;
    private final String postfix;

    private PrivatePostfix(Path dir, int port, String postfix) {
        this.dir = dir;
        this.conf = dir.resolve("conf");
        this.port = port;
        this.postfix = postfix;
    }

    /**
     * Where the instance's libsasl2 reads {@code <smtpd_sasl_path>.conf} (for {@code smtpd_sasl_type =
     * cyrus}): Debian's Postfix looks in {@code <config_directory>/sasl/} and ignores
     * {@code cyrus_sasl_config_path} (seen with strace on 3.7.11-0+deb12u1). Write the file here before
     * {@link #start}.
     */
    public static Path saslConfigDirectory(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("conf").resolve("sasl"));
    }

    /**
     * Starts an instance whose main.cf is the base below with {@code overrides} on top
     * ({@code smtpd_sasl_type}, {@code smtpd_sasl_path}, {@code cyrus_sasl_config_path}, ...).
     * Relay: authenticated clients may send anywhere, others only to {@code example.test}.
     */
    public static PrivatePostfix start(Path dir, Map<String, String> overrides) throws IOException {
        String postfix = TestServices.require("Postfix", List.of("JSASL_POSTFIX")).get("JSASL_POSTFIX");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrivatePostfix p = new PrivatePostfix(dir, port, postfix);
        p.write(overrides);
        p.command("start");
        p.awaitListening();
        return p;
    }

    private void write(Map<String, String> overrides) throws IOException {
        Files.createDirectories(conf);
        // Postfix' daemons run as postfix: every directory on the way to its own must be enterable
        // (a JUnit @TempDir is 0700).
        for (Path p = dir; p != null && p.getNameCount() > 1; p = p.getParent()) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(dir.resolve("queue"));
        Path data = Files.createDirectories(dir.resolve("data"));
        UserPrincipal owner = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(data, owner);
        Map<String, String> cf = new LinkedHashMap<>();
        cf.put("compatibility_level", "3.6");
        cf.put("queue_directory", dir.resolve("queue").toString());
        cf.put("data_directory", data.toString());
        cf.put("mail_owner", "postfix");
        cf.put("myhostname", "mx.example.test");
        cf.put("mydomain", "example.test");
        cf.put("mydestination", "");
        cf.put("relay_domains", "example.test");
        cf.put("inet_interfaces", "127.0.0.1");
        cf.put("inet_protocols", "ipv4");
        cf.put("maillog_file_prefixes", dir.toString());
        cf.put("maillog_file", log().toString());
        cf.put("smtpd_sasl_auth_enable", "yes");
        cf.put("smtpd_relay_restrictions", "permit_sasl_authenticated, reject_unauth_destination");
        cf.put("default_transport", "discard");
        cf.put("relay_transport", "discard");
        cf.put("smtpd_error_sleep_time", "0");
        cf.put("alias_maps", "");
        cf.put("alias_database", "");
        cf.put("local_recipient_maps", "");
        cf.putAll(overrides);
        StringBuilder main = new StringBuilder();
        cf.forEach((k, v) -> main.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(conf.resolve("main.cf"), main.toString(), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + port + " inet n - n - - smtpd",
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "proxymap unix - - n - - proxymap",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache",
                "tlsmgr unix - - n 1000? 1 tlsmgr",
                "postlog unix-dgram n - n - 1 postlogd", ""), StandardCharsets.UTF_8);
    }

    private void command(String verb) throws IOException {
        Path output = dir.resolve("postfix-" + verb + ".out");
        Process p = new ProcessBuilder(postfix, "-c", conf.toString(), verb)
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("postfix " + verb + " did not finish in " + COMMAND_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0 && !verb.equals("stop")) {
            throw new IOException("postfix " + verb + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(output) + "; log: " + log());
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("Postfix did not listen on 127.0.0.1:" + port + "; log: " + log());
    }

    /** The SMTP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The instance's maillog_file. */
    public Path log() {
        return dir.resolve("maillog");
    }

    /** The log so far, for assertions and failure messages. */
    public String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws IOException {
        command("stop");
    }
}
