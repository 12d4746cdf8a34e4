package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.testkit.FuzzUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Fuzz target (issue 13): a whole client session on {@code jsasl authd}'s Dovecot socket, over a real
 * loopback connection. The client is a fuzzed mix of a handshake (right or not), {@code AUTH},
 * {@code CONT} and {@code CANCEL} lines with fuzzed ids, mechanisms, parameters and responses, and
 * raw lines; it waits for the answer to each {@code AUTH} and {@code CONT} as Postfix does. The
 * contract: the server's handshake comes first and whole; after it, only {@code OK}, {@code FAIL}
 * and {@code CONT} lines, each for an id the client used; an {@code OK} names a stored user whose
 * stored password is among the responses the client sent for that request; every request is
 * answered or the connection closed within 5 s, and the connection ends when the client's input
 * does; no line shows a stored password the client did not send itself.
 * Regression inputs: {@code src/test/resources/org/jsasl/authd/dovecot/DovecotConnectionFuzzTestInputs/}.
 */
class DovecotConnectionFuzzTest {

    private static final String[] MECHANISMS = {"PLAIN", "LOGIN", "plain", "CRAM-MD5", "SCRAM-SHA-256"};
    private static final Pattern REPLY = Pattern.compile("(OK|FAIL|CONT)\t([0-9]+)(\t.*)?");
    private static final Pattern USER = Pattern.compile("(?:^|\t)user=([^\t]*)");
    /** A bound on one wait for the server; the server's own timeouts are longer (8 s per check). */
    private static final int READ_TIMEOUT_MILLIS = 5000;

    static DovecotTestServer server;
    /** Printed at the end, so a run shows that accepts were reached and not only refusals. */
    static final AtomicLong ACCEPTED = new AtomicLong();
    static final AtomicLong SESSIONS = new AtomicLong();
    static Logger authdLog;
    static Level authdLevel;

    @BeforeAll
    static void start() throws Exception {
        server = new DovecotTestServer(FuzzUsers.cyrus("PLAIN LOGIN"), AuthdOptions.defaults("mx.example.test"));
        // A protocol error is logged at WARN; millions of them would only slow the fuzzer down.
        authdLog = (Logger) LoggerFactory.getLogger("org.jsasl.authd");
        authdLevel = authdLog.getLevel();
        authdLog.setLevel(Level.ERROR);
    }

    @AfterAll
    static void stop() throws IOException {
        System.out.println("DovecotConnectionFuzzTest: " + ACCEPTED + " OK replies in " + SESSIONS + " sessions");
        if (authdLog != null) {
            authdLog.setLevel(authdLevel);
        }
        server.close();
        server.backend.context().close();
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void sessions(FuzzedDataProvider data) throws IOException {
        int port = server.port();
        // Jazzer's SSRF detector refuses connections a target does not declare (its sanitizers are
        // loaded with the first input, hence here and not in start()).
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, p) -> p == port
                && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")))) {
            session(data, port);
        }
    }

    private static void session(FuzzedDataProvider data, int port) throws IOException {
        SESSIONS.incrementAndGet();
        List<String> sent = new ArrayList<>();
        // The responses sent for each request id, decoded, since its last AUTH.
        Map<Long, ByteArrayOutputStream> responses = new HashMap<>();
        // Every response of the session, decoded, whichever request it was for.
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // A reset at close: thousands of connections a second would leave as many in TIME_WAIT.
            socket.setSoLinger(true, 0);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            Client client = new Client(socket);
            client.handshake();
            if (data.consumeBoolean()) {
                client.send("VERSION\t1\t" + data.consumeInt(0, 3), sent);
                client.send("CPID\t" + data.consumeInt(0, 99999), sent);
            } else {
                client.send(data.consumeString(40), sent);
            }
            int items = data.consumeInt(0, 12);
            for (int i = 0; i < items && !client.closed; i++) {
                long id = data.consumeInt(1, 4);
                switch (data.consumeInt(0, 3)) {
                    case 0 -> {
                        StringBuilder line = new StringBuilder("AUTH\t").append(id).append('\t')
                                .append(data.pickValue(MECHANISMS)).append("\tservice=smtp");
                        if (data.consumeBoolean()) {
                            line.append("\tsecured");
                        }
                        if (data.consumeBoolean()) {
                            line.append('\t').append(data.consumeString(30));
                        }
                        responses.put(id, new ByteArrayOutputStream());
                        if (data.consumeBoolean()) {
                            line.append("\tresp=").append(response(data, responses.get(id), decoded));
                        }
                        client.send(line.toString(), sent);
                        client.awaitReply(id, responses);
                    }
                    case 1 -> {
                        responses.computeIfAbsent(id, k -> new ByteArrayOutputStream());
                        client.send("CONT\t" + id + "\t" + response(data, responses.get(id), decoded), sent);
                        client.awaitReply(id, responses);
                    }
                    case 2 -> client.send("CANCEL\t" + id, sent);
                    default -> client.send(data.consumeString(200), sent);
                }
            }
            // The connection ends when the client's input does.
            if (!client.closed) {
                socket.shutdownOutput();
                client.drain(responses);
            }
            // What the client sent itself, raw and decoded: a name it typed comes back as user= (a
            // finding: a LOGIN "user name" that was the password is echoed in FAIL's user=, as
            // Dovecot does; it is the client's own text, not a stored password jsasl showed).
            StringBuilder input = new StringBuilder(String.join("\n", sent));
            input.append('\n').append(decoded.toString(StandardCharsets.UTF_8));
            boolean clientSentSecret = input.indexOf(FuzzUsers.SECRET) >= 0;
            for (String line : client.lines) {
                if (line.contains(FuzzUsers.SECRET) && !clientSentSecret) {
                    fail("the server showed a stored password: " + line);
                }
            }
        }
    }


    /**
     * A response: raw text, base64 of fuzzed bytes, or base64 of a PLAIN message or a LOGIN password
     * for a stored user, right or with a fuzzed suffix (so that accepts are exercised, not only
     * refusals). What was base64-encoded is recorded as sent for the request.
     */
    private static String response(FuzzedDataProvider data, ByteArrayOutputStream record,
            ByteArrayOutputStream everything) {
        byte[] bytes;
        switch (data.consumeInt(0, 3)) {
            case 0 -> {
                return data.consumeString(60);
            }
            case 1 -> bytes = data.consumeBytes(data.consumeInt(0, 80));
            default -> {
                String user = data.pickValue(FuzzUsers.NAMES);
                String password = FuzzUsers.USERS.get(user) + (data.consumeBoolean() ? "" : data.consumeString(3));
                String text = data.consumeBoolean() ? "\0" + user + "\0" + password
                        : data.consumeBoolean() ? user : password;
                bytes = text.getBytes(StandardCharsets.UTF_8);
            }
        }
        record.writeBytes(bytes);
        record.write(0);
        everything.writeBytes(bytes);
        everything.write(0);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The test's side of the connection: lines out, the server's lines in, each read bounded. */
    private static final class Client {

        final List<String> lines = new ArrayList<>();
        boolean closed;
        private final InputStream in;
        private final OutputStream out;

        Client(Socket socket) throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String line, List<String> sent) throws IOException {
            sent.add(line);
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (SocketException e) {
                closed = true;   // the server closed on an earlier line
            }
        }

        /** Dovecot 2.3's handshake, sent at once on accept: VERSION, MECH lines, SPID, CUID, COOKIE, DONE. */
        void handshake() throws IOException {
            String version = read();
            assertEquals("VERSION\t1\t2", version, "the handshake starts with the version");
            String line;
            while ((line = read()) != null && line.startsWith("MECH\t")) {
                assertTrue(line.matches("MECH\t(PLAIN|LOGIN)(\t[a-z-]+)*"), "a MECH line: " + line);
            }
            assertNotNull(line, "the handshake is whole");
            assertTrue(line.matches("SPID\t[0-9]+"), line);
            assertTrue(read().matches("CUID\t[0-9]+"));
            assertTrue(read().matches("COOKIE\t[0-9a-f]{32}"));
            assertEquals("DONE", read());
        }

        /** Reads until a reply for {@code id} or the end of the connection. */
        void awaitReply(long id, Map<Long, ByteArrayOutputStream> responses) throws IOException {
            while (!closed) {
                String line = read();
                if (line == null) {
                    closed = true;
                    return;
                }
                if (check(line, responses) == id) {
                    return;
                }
            }
        }

        void drain(Map<Long, ByteArrayOutputStream> responses) throws IOException {
            String line;
            while ((line = read()) != null) {
                check(line, responses);
            }
            closed = true;
        }

        /** Checks one reply line against the contract; returns its id. */
        private long check(String line, Map<Long, ByteArrayOutputStream> responses) {
            Matcher m = REPLY.matcher(line);
            assertTrue(m.matches(), "only OK, FAIL and CONT after the handshake: " + line);
            long id = Long.parseLong(m.group(2));
            ByteArrayOutputStream sent = responses.get(id);
            assertNotNull(sent, "a reply for an id the client used: " + line);
            if (m.group(1).equals("OK")) {
                Matcher user = USER.matcher(m.group(3) == null ? "" : m.group(3));
                assertTrue(user.find(), "an OK names its user: " + line);
                String name = TabEscape.unescape(user.group(1));
                String stored = FuzzUsers.USERS.get(name);
                assertNotNull(stored, "an OK for a stored user only: " + line);
                assertTrue(FuzzUsers.sent(sent.toByteArray(), stored),
                        "an OK only when the client sent the stored password of " + name);
                ACCEPTED.incrementAndGet();
            }
            return id;
        }

        /** One line without its LF, or null at the end; a reset counts as the end. */
        private String read() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int c;
                try {
                    c = in.read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no reply and no close within " + READ_TIMEOUT_MILLIS + " ms", e);
                } catch (SocketException e) {
                    c = -1;
                }
                if (c < 0) {
                    String last = b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
                    if (last != null) {
                        lines.add(last);
                    }
                    return last;
                }
                if (c == '\n') {
                    String line = b.toString(StandardCharsets.UTF_8);
                    lines.add(line);
                    return line;
                }
                b.write(c);
            }
        }
    }
}
