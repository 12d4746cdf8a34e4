package org.jsasl.authd.dovecot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A test client of the auth socket speaking raw lines, every read bounded by a 10 s timeout. */
final class AuthClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    AuthClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line without its LF (failing on a CR, which the server must never send), or null at EOF. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketException e) {
                c = -1;   // a reset: the server closed with our data unread
            }
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            if (c == '\r') {
                throw new AssertionError("server sent a CR");
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
    }

    /** The server's handshake lines up to and including DONE. */
    List<String> handshake() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) {
                throw new AssertionError("EOF in handshake after " + lines);
            }
            lines.add(l);
        } while (!l.equals("DONE"));
        return lines;
    }

    /** Whether the server closes the connection: reads (discarding) until EOF. */
    boolean closedByServer() throws IOException {
        while (true) {
            String l = line();
            if (l == null) {
                return true;
            }
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
