package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The server side of STARTTLS: the key and certificate main.cf names (or a self-signed one), and
 * turning an accepted plaintext socket into a TLS 1.2+ server socket on the same connection.
 */
final class TlsSetup {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;
    private final List<Certificate> chain;

    private TlsSetup(SSLSocketFactory factory, List<Certificate> chain) {
        this.factory = factory;
        this.chain = List.copyOf(chain);
    }

    /**
     * The TLS setup main.cf asks for, or null when {@code smtpd_tls_security_level} is none.
     *
     * @param stateDir where a self-signed certificate is kept when main.cf names no certificate
     */
    static TlsSetup of(MainCf cf, Path stateDir) throws IOException {
        if (!cf.tlsEnabled()) {
            return null;
        }
        KeyStore ks;
        char[] password;
        try {
            if (cf.tlsCertFile() != null) {
                PemKeyPair pair = PemKeyPair.load(cf.tlsCertFile(), cf.tlsKeyFile());
                // Only in memory; the password guards nothing, but PKCS12 wants one.
                password = new char[] {'x'};
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(SelfSignedStore.ALIAS, pair.key(), password, pair.chain().toArray(new Certificate[0]));
            } else {
                SelfSignedStore.Loaded loaded = SelfSignedStore.loadOrCreate(stateDir, cf.myhostname());
                ks = loaded.store();
                password = loaded.password();
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            Arrays.fill(password, '\0');
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            Certificate[] certs = ks.getCertificateChain(ks.aliases().nextElement());
            return new TlsSetup(context.getSocketFactory(), Arrays.asList(certs));
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** The certificate chain the server presents, its own certificate first. */
    List<Certificate> chain() {
        return chain;
    }

    /**
     * Layers a TLS server over {@code plain} without doing the handshake yet; closing the result
     * closes {@code plain}.
     */
    SSLSocket wrap(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain,
                plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(PROTOCOLS);
        return tls;
    }
}
