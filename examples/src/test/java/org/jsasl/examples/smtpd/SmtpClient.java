package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain-socket SMTP client for the tests: sends lines, reads (multi-line) replies. */
final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpClient(InetSocketAddress address) throws IOException {
        this(address, null);
    }

    /** Connects from {@code local} (such as another loopback address: 127.0.0.2), or any when null. */
    SmtpClient(InetSocketAddress address, InetAddress local) throws IOException {
        socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Sends one line (CRLF added). */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one reply; its lines joined with "\n"; null when the server closed the connection. */
    String reply() throws IOException {
        return readReply(in);
    }

    /** Reads one (multi-line) SMTP reply from {@code in}; its lines joined with "\n"; null at end of stream. */
    static String readReply(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }

    /** Sends {@code line} and asserts the whole reply. */
    void expect(String line, String reply) throws IOException {
        send(line);
        assertEquals(reply, reply(), "reply to " + line);
    }

    /** Whether the server has closed the connection (reads until end of stream). */
    boolean closedByServer() throws IOException {
        return in.readLine() == null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
