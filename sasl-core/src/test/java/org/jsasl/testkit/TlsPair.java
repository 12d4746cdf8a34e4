package org.jsasl.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real TLS connection over loopback, both ends in this JVM, for channel-binding tests: a
 * self-signed certificate made with the JDK's {@code keytool}, a handshake with the protocol asked
 * for, and both sides' {@link SSLSession}s.
 */
public final class TlsPair implements AutoCloseable {

    private static final char[] STORE_PASSWORD = "jsasl-test".toCharArray();

    private final SSLSocket client;
    private final SSLSocket server;

    private TlsPair(SSLSocket client, SSLSocket server) {
        this.client = client;
        this.server = server;
    }

    /**
     * Opens a connection with {@code protocol} ("TLSv1.3", "TLSv1.2").
     *
     * @param dir where the key store is made
     * @param keyAlg the certificate's key algorithm for keytool ("RSA", "EC")
     * @param sigAlg the certificate's signature algorithm ("SHA256withRSA", "SHA384withECDSA")
     */
    public static TlsPair open(Path dir, String protocol, String keyAlg, String sigAlg) throws Exception {
        SSLContext context = context(dir, keyAlg, sigAlg);
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setSoTimeout(10_000);
            CompletableFuture<SSLSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    SSLSocket s = (SSLSocket) listener.accept();
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    return s;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            SSLSocket c = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort());
            c.setSoTimeout(10_000);
            c.setEnabledProtocols(new String[] {protocol});
            c.startHandshake();
            SSLSocket s = accepted.get(20, TimeUnit.SECONDS);
            return new TlsPair(c, s);
        }
    }

    private static SSLContext context(Path dir, String keyAlg, String sigAlg) throws Exception {
        Path store = dir.resolve("tls-" + keyAlg + "-" + sigAlg + ".p12");
        if (!Files.exists(store)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", "server",
                    "-keyalg", keyAlg, "-sigalg", sigAlg, "-dname", "CN=localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + new String(out));
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** The client's session. */
    public SSLSession clientSession() {
        return client.getSession();
    }

    /** The server's session. */
    public SSLSession serverSession() {
        return server.getSession();
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
