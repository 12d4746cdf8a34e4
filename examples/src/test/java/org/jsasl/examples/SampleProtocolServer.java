package org.jsasl.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.testkit.LineProcess;

/**
 * The server side of the line protocol of Cyrus SASL's sample client ({@code sasl-sample-client},
 * sample/sample-client.c), driven by a jsasl SaslServer. The client reads {@code S: base64} lines on
 * stdin and writes {@code C: base64} lines (among its diagnostics) on stdout: the server sends its
 * mechanism list; the client answers with the chosen mechanism, followed by a NUL and its initial
 * response when it has one; challenges and responses alternate, the client answering a last
 * challenge (success data) with an empty line; after success the server sends "srv message 1"
 * through the security layer and the client answers "client message 1" through it. A failed
 * exchange has no message of its own: the server closes the client's input.
 */
final class SampleProtocolServer {

    /** What the sample client expects first after success, and what it answers (with its NUL). */
    private static final String SERVER_MESSAGE = "srv message 1";
    private static final byte[] CLIENT_MESSAGE = "client message 1\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * How an exchange ended: the client's exit code and output, the mechanism it chose, the server
     * (complete only on success) and what it threw, if it did.
     */
    record Outcome(int exit, String output, String mechanism, SaslServer server, SaslException serverError) {
    }

    /** Makes the jsasl server for the mechanism the client chose. */
    interface Servers {
        SaslServer create(String mechanism) throws SaslException;
    }

    private SampleProtocolServer() {
    }

    /**
     * Runs {@code command} (the sample client) against servers made by {@code servers} for the
     * mechanism the client chooses from {@code mechanisms}. {@code password} answers the client's
     * "Password: " prompt, which glibc's getpass writes to stderr and reads from stdin when the
     * process has no terminal (the command runs under setsid so that it has none).
     */
    static Outcome run(List<String> command, String mechanisms, Servers servers,
            String password, Duration limit) throws Exception {
        try (LineProcess client = LineProcess.start(command, limit)) {
            Thread prompts = answerPasswordPrompts(client, password);
            try {
                return exchange(client, mechanisms, servers);
            } finally {
                prompts.interrupt();
            }
        }
    }

    private static Outcome exchange(LineProcess client, String mechanisms, Servers servers) throws Exception {
        {
            StringBuilder output = new StringBuilder();
            String mechanism = null;
            SaslServer server = null;
            SaslException thrown = null;
            try {
                send(client, mechanisms.getBytes(StandardCharsets.US_ASCII));
                byte[] first = receive(client, output);
                if (first != null) {
                    int nul = indexOf(first, (byte) 0);
                    mechanism = new String(first, 0, nul < 0 ? first.length : nul, StandardCharsets.US_ASCII);
                    byte[] response = nul < 0 ? new byte[0] : Arrays.copyOfRange(first, nul + 1, first.length);
                    server = servers.create(mechanism);
                    while (response != null) {
                        byte[] challenge = server.evaluateResponse(response);
                        if (server.isComplete()) {
                            if (challenge != null) {
                                // Success data (SCRAM's ServerSignature), which the client checks and
                                // answers with an empty line.
                                send(client, challenge);
                                receive(client, output);
                            }
                            send(client, SERVER_MESSAGE.getBytes(StandardCharsets.US_ASCII));
                            byte[] answer = receive(client, output);
                            if (answer != null && !Arrays.equals(CLIENT_MESSAGE, answer)) {
                                throw new AssertionError("the sample client answered "
                                        + new String(answer, StandardCharsets.US_ASCII));
                            }
                            break;
                        }
                        send(client, challenge == null ? new byte[0] : challenge);
                        response = receive(client, output);
                    }
                }
            } catch (SaslException e) {
                thrown = e;
            }
            client.closeInput();
            int exit = client.waitFor();
            return new Outcome(exit, output + client.errors(), mechanism, server, thrown);
        }
    }

    private static Thread answerPasswordPrompts(LineProcess client, String password) {
        Thread t = new Thread(() -> {
            int answered = 0;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    // The prompt has no newline and goes to stderr, so it is watched for there
                    // (errors() strips the trailing space).
                    int asked = client.errors().split("Password:", -1).length - 1;
                    if (asked > answered) {
                        client.writeLine(password);
                        answered++;
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException | IOException e) {
                // The exchange is over, or the client gone: nothing left to answer.
            }
        }, "sample-client-password");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void send(LineProcess client, byte[] data) throws IOException {
        client.writeLine("S: " + Base64.getEncoder().encodeToString(data));
    }

    /** The data of the client's next {@code C:} line, skipping its diagnostics; null at its end. */
    private static byte[] receive(LineProcess client, StringBuilder output) throws InterruptedException {
        for (String line = client.readLine(); line != null; line = client.readLine()) {
            output.append(line).append('\n');
            if (line.startsWith("C: ")) {
                return Base64.getDecoder().decode(line.substring(3).strip());
            }
            if (line.equals("C:")) {
                return new byte[0];
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
