package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server side of STARTTLS: the key and certificate main.cf names (or a self-signed one), and
 * turning an accepted plaintext socket into a TLS 1.2+ server socket on the same connection; with
 * {@code smtpd_tls_ask_ccert}, also the client certificate whose name the EXTERNAL mechanism uses.
 */
final class TlsSetup {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;
    private final List<Certificate> chain;
    private final boolean askClientCert;

    private TlsSetup(SSLSocketFactory factory, List<Certificate> chain, boolean askClientCert) {
        this.factory = factory;
        this.chain = List.copyOf(chain);
        this.askClientCert = askClientCert;
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
            context.init(kmf.getKeyManagers(), clientCertTrust(cf), null);
            Certificate[] certs = ks.getCertificateChain(ks.aliases().nextElement());
            return new TlsSetup(context.getSocketFactory(), Arrays.asList(certs), cf.tlsAskClientCert());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /**
     * The trust managers that verify client certificates against {@code smtpd_tls_CAfile}, or null
     * (the JDK's defaults, unused) when none are asked for.
     */
    private static javax.net.ssl.TrustManager[] clientCertTrust(MainCf cf) throws IOException, GeneralSecurityException {
        if (!cf.tlsAskClientCert()) {
            return null;
        }
        if (cf.tlsCaFile() == null) {
            // Postfix would ask and merely log; an unverified name must never become an EXTERNAL identity.
            throw new IOException("main.cf: smtpd_tls_ask_ccert = yes needs smtpd_tls_CAfile");
        }
        List<Certificate> cas = PemKeyPair.certificates(cf.tlsCaFile());
        if (cas.isEmpty()) {
            throw new IOException(cf.tlsCaFile() + ": no certificate (smtpd_tls_CAfile)");
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /**
     * The name of the verified client certificate of {@code session}, for EXTERNAL: its subject's
     * common name as Dovecot's {@code ssl_cert_username_field} takes it, else the whole subject in
     * RFC 2253 form; null when no certificate was asked for or sent.
     */
    String clientIdentity(SSLSession session) {
        if (!askClientCert) {
            return null;
        }
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (peer.length == 0 || !(peer[0] instanceof X509Certificate x509)) {
            return null;
        }
        String subject = x509.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        try {
            List<Rdn> rdns = new LdapName(subject).getRdns();
            // LdapName keeps the right-most (most significant) RDN at index 0: the subject's own CN
            // is the left-most one, so search from the end.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String cn && !cn.isEmpty()) {
                    return cn;
                }
            }
        } catch (InvalidNameException e) {
            // fall through: the whole subject names the client
        }
        return subject.isEmpty() ? null : subject;
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
        if (askClientCert) {
            // Want, not need: a client without a certificate still gets the other mechanisms.
            tls.setWantClientAuth(true);
        }
        return tls;
    }
}
