package org.jsasl.testkit.daemons;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The daemon fixture reaches the real authdaemond and saslauthd that scripts/services starts, speaking
 * their raw protocols over unix sockets, and both come back after an outage.
 */
class TestDaemonsTest {

    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(30);

    // ---- courier authdaemond: "AUTH <n>\n<service>\nlogin\n<user>\n<password>\n", reply until EOF

    /** One request on a fresh connection (the daemon serves one per connection); the whole reply. */
    private static String authdaemond(String request) {
        return assertTimeoutPreemptively(EXCHANGE_TIMEOUT, () -> {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(TestDaemons.authdaemondSocket()));
                write(channel, request.getBytes(UTF_8));
                return new String(readToEnd(channel), UTF_8);
            }
        });
    }

    private static String authLogin(String service, String user, String password) {
        String payload = service + "\nlogin\n" + user + "\n" + password + "\n";
        return authdaemond("AUTH " + payload.getBytes(UTF_8).length + "\n" + payload);
    }

    /** The KEY=VALUE lines of a success reply, which must end with a "." line. */
    private static Map<String, String> success(String reply) {
        assertTrue(reply.endsWith("\n.\n"), () -> "not a success reply: " + printable(reply));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : reply.substring(0, reply.length() - 3).split("\n")) {
            int eq = line.indexOf('=');
            assertTrue(eq > 0, () -> "not KEY=VALUE: " + printable(line));
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    @Test
    void authdaemondAcceptsAliceWithHerAccount() {
        Map<String, String> alice = success(authLogin("imap", "alice", "alice-secret"));
        assertEquals("1000", alice.get("UID"));
        assertEquals("1000", alice.get("GID"));
        assertEquals("/home/alice", alice.get("HOME"));
        assertEquals("alice", alice.get("ADDRESS"));
        assertEquals("/home/alice/Maildir", alice.get("MAILDIR"));
        assertTrue(alice.get("PASSWD").startsWith("$6$alicesalt$"), alice.get("PASSWD"));
        assertEquals(List.of("UID", "GID", "HOME", "ADDRESS", "MAILDIR", "PASSWD", "PASSWD2"),
                List.copyOf(alice.keySet()));
    }

    @Test
    void authdaemondRejectsAWrongPassword() {
        assertEquals("FAIL\n", authLogin("imap", "alice", "wrong-password"));
        assertEquals("FAIL\n", authLogin("imap", "nosuchuser", "alice-secret"));
    }

    @Test
    void authdaemondHasEveryTestAccount() {
        Map<String, String> bob = success(authLogin("smtp", "bob", "bob-secret"));
        assertEquals("1001", bob.get("UID"));
        assertTrue(bob.get("PASSWD").startsWith("$1$bobsalt$"), bob.get("PASSWD"));

        Map<String, String> carol = success(authLogin("imap", "carol@example.com", "carol-secret"));
        assertEquals("Carol Example", carol.get("NAME"));
        assertEquals("1000000S", carol.get("QUOTA"));
        assertEquals("disableimap=0,disablepop3=1", carol.get("OPTIONS"));
        assertTrue(carol.get("PASSWD").startsWith("$6$"), carol.get("PASSWD"));

        // dave: imappw for service imap, systempw for every other service
        assertTrue(success(authLogin("imap", "dave", "dave-imap")).get("PASSWD").startsWith("$1$"));
        assertEquals("FAIL\n", authLogin("pop3", "dave", "dave-imap"));
        assertTrue(success(authLogin("pop3", "dave", "dave-system")).get("PASSWD").startsWith("$6$"));
        assertEquals("FAIL\n", authLogin("imap", "dave", "dave-system"));
    }

    @Test
    void authtestRunsAgainstTheSameDaemon() throws Exception {
        Run ok = run(with(TestDaemons.authtestCommand(), "-s", "imap", "alice", "alice-secret"));
        assertEquals(0, ok.exit, ok.output);
        assertTrue(ok.output.contains("Authentication succeeded"), ok.output);
        assertTrue(ok.output.contains("uid 1000"), ok.output);

        Run wrong = run(with(TestDaemons.authtestCommand(), "-s", "imap", "alice", "wrong-password"));
        assertNotEquals(0, wrong.exit, wrong.output);
        assertTrue(wrong.output.contains("Authentication FAILED"), wrong.output);
    }

    @Test
    void authdaemondStopsAndResumes() {
        assertTrue(Files.isRegularFile(TestDaemons.authdaemondPidFile()));
        TestDaemons.stopAuthdaemond();
        try {
            assertFalse(Files.exists(TestDaemons.authdaemondPidFile()), "pid file left after stop");
            assertThrows(IOException.class, () -> {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(TestDaemons.authdaemondSocket()));
                }
            }, "authdaemond still accepts connections after stop");
        } finally {
            TestDaemons.resumeAuthdaemond();
        }
        assertEquals("1000", success(authLogin("imap", "alice", "alice-secret")).get("UID"));
    }

    // ---- saslauthd: four counted strings (16-bit big-endian length, bytes): login, password, service,
    // realm; the reply is one counted string, "OK..." or "NO..."

    private static String saslauthd(String login, String password, String service, String realm) {
        return assertTimeoutPreemptively(EXCHANGE_TIMEOUT, () -> {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            for (String field : List.of(login, password, service, realm)) {
                byte[] bytes = field.getBytes(UTF_8);
                request.write(bytes.length >>> 8);
                request.write(bytes.length & 0xff);
                request.write(bytes);
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(TestDaemons.saslauthdSocket()));
                write(channel, request.toByteArray());
                ByteBuffer size = readFully(channel, 2);
                int length = size.getShort(0) & 0xffff;
                return new String(readFully(channel, length).array(), UTF_8);
            }
        });
    }

    @Test
    void saslauthdAcceptsAliceWithoutRealm() {
        String reply = saslauthd("alice", "alice-secret", "imap", "");
        assertTrue(reply.startsWith("OK"), reply);
    }

    @Test
    void saslauthdRejectsAWrongPassword() {
        String reply = saslauthd("alice", "wrong-password", "imap", "");
        assertTrue(reply.startsWith("NO"), reply);
    }

    @Test
    void saslauthdKeepsRealmsApart() {
        assertTrue(saslauthd("bob", "bob-secret", "smtp", "example.org").startsWith("OK"));
        assertTrue(saslauthd("bob", "wrong-password", "smtp", "example.org").startsWith("NO"));
        assertTrue(saslauthd("bob", "bob-secret", "smtp", "").startsWith("NO"));
        assertTrue(saslauthd("alice", "alice-secret", "smtp", "example.org").startsWith("NO"));
    }

    @Test
    void testsaslauthdAgreesWithTheRawProtocol() throws Exception {
        String mux = TestDaemons.saslauthdSocket().toString();
        String testsaslauthd = TestDaemons.testsaslauthd().toString();
        Run ok = run(List.of(testsaslauthd, "-f", mux, "-u", "bob", "-r", "example.org", "-p", "bob-secret"));
        assertEquals(0, ok.exit, ok.output);
        assertTrue(ok.output.startsWith("0: OK"), ok.output);
        Run no = run(List.of(testsaslauthd, "-f", mux, "-u", "alice", "-p", "wrong-password"));
        assertTrue(no.output.startsWith("0: NO"), no.output);
    }

    @Test
    void saslauthdStopsAndResumes() {
        TestDaemons.stopSaslauthd();
        try {
            assertThrows(IOException.class, () -> {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(TestDaemons.saslauthdSocket()));
                }
            }, "saslauthd still accepts connections after stop");
        } finally {
            TestDaemons.resumeSaslauthd();
        }
        String reply = saslauthd("alice", "alice-secret", "imap", "");
        assertTrue(reply.startsWith("OK"), reply);
    }

    // ---- helpers

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readToEnd(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        out.write(buffer.array(), 0, buffer.position());
        return out.toByteArray();
    }

    private static ByteBuffer readFully(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("EOF after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer;
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n");
    }

    private static List<String> with(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }

    private record Run(int exit, String output) {
    }

    /** Runs a short command (output and errors together, at most 30 s). */
    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("jsasl-daemon-test-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 30 s");
            }
            return new Run(process.exitValue(), Files.readString(output, UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
