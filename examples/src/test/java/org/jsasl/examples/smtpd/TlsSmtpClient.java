package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A test SMTP client that can switch its connection to TLS, trusting one given certificate. */
final class TlsSmtpClient implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    TlsSmtpClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        streams();
    }

    private void streams() throws IOException {
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Sends raw text as is (the caller adds line ends), so that tests can pipeline. */
    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    /** Reads one reply, its lines joined with "\n"; null when the server closed the connection. */
    String reply() throws IOException {
        return SmtpClient.readReply(in);
    }

    void expect(String line, String reply) throws IOException {
        send(line);
        assertEquals(reply, reply(), "reply to " + line);
    }

    /**
     * Does the TLS handshake as client, trusting only {@code trusted} and checking that it names
     * {@code hostname}, as a mail client verifying the server would.
     */
    SSLSocket startTls(Certificate trusted, String hostname) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, hostname, socket.getPort(), true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
        streams();
        return tls;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
