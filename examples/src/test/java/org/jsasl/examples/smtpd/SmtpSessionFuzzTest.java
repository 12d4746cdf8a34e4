package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsasl.testkit.FuzzUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): whole SMTP sessions against the example server on a loopback socket,
 * the client a fuzzed sequence of commands (EHLO/HELO, AUTH PLAIN/LOGIN/other with fuzzed or right
 * credentials, MAIL, RCPT to a local and to a foreign domain, DATA with a fuzzed body, RSET, NOOP,
 * QUIT, STARTTLS and raw lines), sent one at a time and each reply read before the next, as a client
 * without pipelining does. The contract, checked reply by reply: every reply line is
 * {@code ddd SP/- text CRLF} with no other CR or LF; 235 comes only at the end of an AUTH exchange
 * whose responses carried a stored user's name and password, and never twice; a RCPT to a foreign
 * domain is accepted only after a 235 (the guide's "only relaying with smtp authorization"); no
 * reply shows a stored password the client did not send; each reply comes within 5 s, and 221 and
 * 421 end the connection.
 * Regression inputs: {@code src/test/resources/org/jsasl/examples/smtpd/SmtpSessionFuzzTestInputs/}.
 */
class SmtpSessionFuzzTest {

    private static final String FOREIGN = "victim@relay.example.net";
    private static final String LOCAL = "postmaster@foo.example.com";
    private static final int READ_TIMEOUT_MILLIS = 5000;
    private static final String[] OTHER_VERBS = {"RSET", "NOOP", "QUIT", "STARTTLS", "HELP", "VRFY postmaster"};

    /** Printed at the end: a run shows that logins and relaying were reached, not only refusals. */
    static final AtomicLong SESSIONS = new AtomicLong();
    static final AtomicLong LOGINS = new AtomicLong();
    static final AtomicLong RELAYED = new AtomicLong();

    static Path config;
    static SmtpServer server;

    @BeforeAll
    static void start() throws Exception {
        // Every refusal is logged at INFO; millions of them would only slow the fuzzer down.
        System.setProperty("org.slf4j.simpleLogger.log.org.jsasl", "error");
        config = Files.createTempDirectory("jsasl-smtp-fuzz");
        StringBuilder users = new StringBuilder();
        FuzzUsers.USERS.forEach((u, p) -> users.append(u).append('=').append(p).append(' '));
        Files.writeString(config.resolve("smtpd.conf"), String.join("\n",
                "pwcheck_method: auxprop",
                "auxprop_plugin: memory",
                "memory_userpassword: " + users.toString().trim(),
                "mech_list: PLAIN LOGIN",
                "log_level: 0", ""), StandardCharsets.UTF_8);
        MainCf cf = MainCf.parse(String.join("\n",
                "myhostname = foo.example.com",
                "mydestination = $myhostname, localhost",
                "smtpd_sasl_auth_enable = yes",
                "smtpd_sasl_security_options = noanonymous",
                "smtpd_recipient_restrictions = permit_sasl_authenticated, permit_mynetworks, reject_unauth_destination",
                "mynetworks =",
                "smtpd_relay_restrictions =",
                "cyrus_sasl_config_path = " + config), config);
        server = TestServers.start(cf);
    }

    @AfterAll
    static void stop() throws IOException {
        System.out.println("SmtpSessionFuzzTest: " + LOGINS + " logins and " + RELAYED + " relayed recipients in "
                + SESSIONS + " sessions");
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(config.resolve("smtpd.conf"));
        Files.deleteIfExists(config);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void sessions(FuzzedDataProvider data) throws IOException {
        InetSocketAddress address = server.address();
        // Jazzer's SSRF detector refuses connections a target does not declare (its sanitizers are
        // loaded with the first input, hence here and not in start()).
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections(
                (host, port) -> port == address.getPort()
                        && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")))) {
            SESSIONS.incrementAndGet();
            new Session(data, address).run();
        }
    }

    /** One client session and the contract's state: whether a login succeeded, what the client sent. */
    private static final class Session {

        private final FuzzedDataProvider data;
        private final InetSocketAddress address;
        /** Everything the client sent, raw and decoded, for the leak check. */
        private final StringBuilder sent = new StringBuilder();
        private boolean authenticated;
        private boolean closed;
        private InputStream in;
        private OutputStream out;
        private boolean bareLf;

        Session(FuzzedDataProvider data, InetSocketAddress address) {
            this.data = data;
            this.address = address;
        }

        void run() throws IOException {
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                // A reset at close: thousands of connections a second would leave as many in TIME_WAIT.
                socket.setSoLinger(true, 0);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
                bareLf = data.consumeBoolean();
                List<String> greeting = reply();
                assertEquals(List.of("220 foo.example.com ESMTP Postfix"), greeting);
                int commands = data.consumeInt(0, 16);
                for (int i = 0; i < commands && !closed; i++) {
                    command();
                }
            }
        }

        private void command() throws IOException {
            switch (data.consumeInt(0, 11)) {
                case 0 -> expect("EHLO " + (data.consumeBoolean() ? "client.example" : line(40)));
                case 1 -> expect("HELO " + (data.consumeBoolean() ? "client.example" : line(40)));
                case 2 -> auth("PLAIN");
                case 3 -> auth("LOGIN");
                case 4 -> auth(line(20));
                case 5 -> expect("MAIL FROM:<" + (data.consumeBoolean() ? "sender@client.example" : line(60)) + ">");
                case 6 -> rcpt(FOREIGN);
                case 7 -> rcpt(LOCAL);
                case 8 -> expect("RCPT TO:" + line(80));
                case 9 -> dataCommand();
                case 10 -> expect(data.pickValue(OTHER_VERBS));
                default -> expect(raw(data.consumeBoolean() ? 3000 : 100));
            }
        }

        /** A fuzzed line without LF, which would make it two commands (and two replies). */
        private String line(int max) {
            return data.consumeString(max).replace('\n', ' ');
        }

        /**
         * A fuzzed command line that is not AUTH or DATA: those start exchanges whose lines get no
         * reply of their own, which a lock-step client would wait for in vain.
         */
        private String raw(int max) {
            String l = line(max);
            int sp = l.indexOf(' ');
            String verb = (sp < 0 ? l : l.substring(0, sp)).toUpperCase(java.util.Locale.ROOT);
            return verb.equals("AUTH") || verb.equals("DATA") ? "X" + l : l;
        }

        private List<String> expect(String command) throws IOException {
            send(command);
            List<String> r = reply();
            if (!closed && r.get(r.size() - 1).startsWith("235")) {
                fail("235 outside AUTH: " + command);
            }
            return r;
        }

        private void rcpt(String address) throws IOException {
            List<String> r = expect("RCPT TO:<" + address + ">");
            if (!closed && r.get(0).startsWith("250")) {
                if (address.equals(FOREIGN)) {
                    assertTrue(authenticated, "a foreign recipient accepted without a login: open relay");
                    RELAYED.incrementAndGet();
                }
            }
        }

        private void dataCommand() throws IOException {
            List<String> r = expect("DATA");
            if (closed || !r.get(0).startsWith("354")) {
                return;
            }
            int lines = data.consumeInt(0, 5);
            for (int i = 0; i < lines; i++) {
                String l = line(200);
                // Dot-stuffing, as every client does: a lone "." would end the message early.
                send(l.startsWith(".") ? "." + l : l);
            }
            send(".");
            List<String> end = reply();
            if (!closed) {
                String last = end.get(end.size() - 1);
                assertTrue(last.matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]+|552 .*|451 .*"), last);
            }
        }

        /** An AUTH exchange: initial response or not, then one fuzzed response per 334. */
        private void auth(String mechanism) throws IOException {
            boolean wasAuthenticated = authenticated;
            ByteArrayOutputStream responses = new ByteArrayOutputStream();
            String command = "AUTH " + mechanism;
            if (data.consumeBoolean()) {
                command += " " + response(responses);
            }
            send(command);
            List<String> r = reply();
            int rounds = 0;
            while (!closed && r.get(0).startsWith("334") && rounds++ < 10) {
                send(response(responses));
                r = reply();
            }
            if (closed) {
                return;
            }
            String last = r.get(r.size() - 1);
            if (last.startsWith("235")) {
                assertTrue(!wasAuthenticated, "a second login in one session");
                byte[] sentBytes = responses.toByteArray();
                boolean carried = false;
                for (String user : FuzzUsers.NAMES) {
                    carried |= FuzzUsers.sent(sentBytes, user)
                            && FuzzUsers.sent(sentBytes, FuzzUsers.USERS.get(user));
                }
                assertTrue(carried, "235 only when the responses carried a stored user and its password");
                authenticated = true;
                LOGINS.incrementAndGet();
            } else if (wasAuthenticated) {
                assertTrue(last.startsWith("503"), "AUTH after a login is refused with 503: " + last);
            }
        }

        /**
         * A response line: raw text, "*" (cancel), base64 of fuzzed bytes, or base64 of a PLAIN
         * message, LOGIN user name or LOGIN password for a stored user, right or not (so that logins
         * are exercised, not only refusals). What was base64-encoded is recorded.
         */
        private String response(ByteArrayOutputStream record) {
            byte[] bytes;
            switch (data.consumeInt(0, 4)) {
                case 0 -> {
                    return line(80);
                }
                case 1 -> {
                    return "*";
                }
                case 2 -> bytes = data.consumeBytes(data.consumeInt(0, 80));
                default -> {
                    String user = data.pickValue(FuzzUsers.NAMES);
                    String password = FuzzUsers.USERS.get(user) + (data.consumeBoolean() ? "" : data.consumeString(3));
                    String text = switch (data.consumeInt(0, 2)) {
                        case 0 -> "\0" + user + "\0" + password;
                        case 1 -> user;
                        default -> password;
                    };
                    bytes = text.getBytes(StandardCharsets.UTF_8);
                }
            }
            record.writeBytes(bytes);
            record.write(0);
            sent.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            return Base64.getEncoder().encodeToString(bytes);
        }

        private void send(String line) throws IOException {
            sent.append(line).append('\n');
            try {
                out.write((line + (bareLf ? "\n" : "\r\n")).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException e) {
                closed = true;   // the server closed on an earlier line (421)
            }
        }

        /** One whole reply (its lines without CRLF), checked; the connection's end marks it closed. */
        private List<String> reply() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine();
                if (line == null) {
                    closed = true;
                    lines.add("");
                    return lines;
                }
                assertTrue(line.matches("[2-5][0-9][0-9]([ -].*)?"), "a reply line: " + line);
                if (line.contains(FuzzUsers.SECRET) && sent.indexOf(FuzzUsers.SECRET) < 0) {
                    fail("a reply shows a stored password: " + line);
                }
                lines.add(line);
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    if (line.startsWith("221") || line.startsWith("421")) {
                        assertEquals(null, readLine(), "the server closes after " + line);
                        closed = true;
                    }
                    return lines;
                }
            }
        }

        /** One line ended by CRLF, with no other CR or LF; null at the end of the connection. */
        private String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int c;
                try {
                    c = in.read();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no reply within " + READ_TIMEOUT_MILLIS + " ms", e);
                } catch (SocketException e) {
                    c = -1;
                }
                if (c < 0) {
                    assertEquals(0, b.size(), "the connection ended inside a reply line");
                    return null;
                }
                if (c == '\n') {
                    byte[] line = b.toByteArray();
                    assertTrue(line.length > 0 && line[line.length - 1] == '\r', "a reply line ends with CRLF");
                    for (int i = 0; i < line.length - 1; i++) {
                        assertTrue(line[i] != '\r', "no CR inside a reply line");
                    }
                    return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
        }
    }
}
