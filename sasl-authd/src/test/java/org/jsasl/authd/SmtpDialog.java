package org.jsasl.authd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An SMTP session typed line by line, as an admin does with telnet: each {@link #send} returns the
 * server's whole reply (every line of a multi-line one), each socket read bounded by 10 s.
 */
public final class SmtpDialog implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final StringBuilder transcript = new StringBuilder();

    public SmtpDialog(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out = s.getOutputStream();
    }

    /** The greeting (or any reply not asked for by a command). */
    public String reply() throws IOException {
        StringBuilder r = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                transcript.append("<EOF>\n");
                return r.append("<EOF>").toString();
            }
            transcript.append("S: ").append(line).append('\n');
            r.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return r.toString();
            }
        }
    }

    /** Sends one line and returns the reply to it. */
    public String send(String line) throws IOException {
        transcript.append("C: ").append(line).append('\n');
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /**
     * Turns the connection into TLS after the server's 220 to STARTTLS. The certificate is not
     * checked: the tests' Postfix has a throw-away self-signed one; what is tested is AUTH over TLS.
     */
    public void startTls() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        attach(tls);
        transcript.append("-- TLS ").append(tls.getSession().getProtocol()).append('\n');
    }

    /** Everything said, both ways, for assertion messages. */
    public String transcript() {
        return transcript.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
