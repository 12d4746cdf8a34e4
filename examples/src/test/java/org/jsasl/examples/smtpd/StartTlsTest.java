package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS (RFC 3207) against real TLS clients: the JDK's, Python's smtplib and openssl s_client. */
class StartTlsTest {

    private static final String HOST = "foo.example.com";
    private static final String PLAIN = b64("\0testuser\0secret");

    // A client subprocess that has not finished by then is stuck, not slow.
    private static final long CLIENT_SECONDS = 30;

    @TempDir
    Path dir;

    private SmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String... extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of(extra));
        if (lines.stream().noneMatch(l -> l.startsWith("smtpd_tls_security_level"))) {
            lines.add("smtpd_tls_security_level = may");
        }
        server = TestServers.start(TestServers.demo(dir.resolve("mail"), lines.toArray(new String[0])));
    }

    /** Where the server keeps its self-signed store: TestServers.demo's main.cf directory. */
    private Path state() {
        return dir.resolve("mail");
    }

    private TlsSmtpClient connect() throws Exception {
        TlsSmtpClient c = new TlsSmtpClient(server.address());
        assertEquals("220 foo.example.com ESMTP Postfix", c.reply());
        return c;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The self-signed certificate as a client gets it: out of the store the server made. */
    private Certificate generatedCertificate() throws Exception {
        Path store = state().resolve(SelfSignedStore.STORE_NAME);
        char[] pass = Files.readString(state().resolve(SelfSignedStore.PASSWORD_NAME)).strip().toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        return ks.getCertificate(SelfSignedStore.ALIAS);
    }

    private List<String> mailFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("mail"))) {
            // The main.cf directory of TestServers.demo is the mail folder, so the store is there too.
            return s.filter(p -> p.toString().endsWith(".eml")).map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** A Java client that verifies the self-signed certificate and its name: the whole submission. */
    @Test
    void javaClientSubmitsOverTls() throws Exception {
        start();
        Path store = state().resolve(SelfSignedStore.STORE_NAME);
        assertTrue(Files.isRegularFile(store));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state().resolve(SelfSignedStore.PASSWORD_NAME))));
        X509Certificate cert = (X509Certificate) generatedCertificate();
        assertEquals("CN=" + HOST, cert.getSubjectX500Principal().getName());
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());

        try (TlsSmtpClient c = connect()) {
            c.expect("EHLO example.com", String.join("\n",
                    "250-foo.example.com", "250-PIPELINING", "250-SIZE 10240000", "250-STARTTLS",
                    "250-AUTH LOGIN PLAIN", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"));
            c.expect("STARTTLS", "220 2.0.0 Ready to start TLS");
            SSLSocket tls = c.startTls(cert, HOST);
            String protocol = tls.getSession().getProtocol();
            assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
            // RFC 3207: the EHLO from before TLS is forgotten; STARTTLS is not offered again.
            c.expect("EHLO example.com", String.join("\n",
                    "250-foo.example.com", "250-PIPELINING", "250-SIZE 10240000",
                    "250-AUTH LOGIN PLAIN", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"));
            c.expect("STARTTLS", "554 5.5.1 Error: TLS already active");
            c.expect("AUTH PLAIN " + PLAIN, "235 2.7.0 Authentication successful");
            c.expect("MAIL FROM:<me@you.com>", "250 2.1.0 Ok");
            c.expect("RCPT TO:<someone@elsewhere.example>", "250 2.1.5 Ok");
            c.expect("DATA", "354 End data with <CR><LF>.<CR><LF>");
            c.send("Subject: over TLS");
            c.send("");
            c.send("hello");
            c.send(".");
            String queued = c.reply();
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
            c.expect("QUIT", "221 2.0.0 Bye");
            String id = queued.substring(queued.lastIndexOf(' ') + 1);
            String mail = Files.readString(dir.resolve("mail").resolve(id + ".eml"), StandardCharsets.UTF_8);
            assertTrue(mail.startsWith("Received: from example.com (unknown [127.0.0.1])\r\n"
                    + "\t(using " + protocol + " with cipher " + tls.getSession().getCipherSuite() + ")\r\n"
                    + "\t(No client certificate requested)\r\n"
                    + "\t(Authenticated sender: testuser)\r\n"
                    + "\tby foo.example.com (Postfix) with ESMTPSA id " + id + "\r\n"), mail);
        }

        // A second start reuses the store rather than making a new certificate.
        byte[] before = Files.readAllBytes(store);
        server.close();
        start();
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(store)));
    }

    private static String run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var w = p.getOutputStream()) {
            w.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        // Read on another thread, so that the wait below stays bounded even if the client hangs.
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(CLIENT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " did not finish in " + CLIENT_SECONDS + "s");
        }
        String out = output.get(5, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Python's smtplib: starttls(), login() (it picks PLAIN), sendmail(). */
    @Test
    void pythonSmtplib() throws Exception {
        start("smtpd_sasl_security_options = noanonymous, noplaintext",
                "smtpd_sasl_tls_security_options = noanonymous");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=10)",
                "s.ehlo()",
                "print('before', s.has_extn('auth'), s.has_extn('starttls'))",
                "s.starttls(context=ssl._create_unverified_context())",
                "s.ehlo()",
                "print('after', s.esmtp_features.get('auth').strip(), s.has_extn('starttls'))",
                "s.login('testuser', 'secret')",
                "print('refused', s.sendmail('me@you.com', ['a@elsewhere.example'], 'Subject: py\\r\\n\\r\\nhi\\r\\n'))",
                "print(s.sock.version())",
                "s.quit()");
        String out = run(List.of("python3", "-c", script, String.valueOf(server.address().getPort())), "");
        // noplaintext before TLS hides LOGIN and PLAIN, the TLS options bring them back.
        assertTrue(out.contains("before False True\n"), out);
        assertTrue(out.contains("after LOGIN PLAIN False\n"), out);
        assertTrue(out.contains("refused {}\n"), out);
        assertTrue(out.contains("TLSv1.3") || out.contains("TLSv1.2"), out);
        List<String> mails = mailFiles();
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).contains("with ESMTPSA id"), mails.get(0));
    }

    /** openssl s_client -starttls smtp, with the commands on its standard input. */
    @Test
    void opensslSClient() throws Exception {
        start();
        String out = run(List.of("openssl", "s_client", "-starttls", "smtp", "-quiet",
                        "-connect", "127.0.0.1:" + server.address().getPort()),
                "EHLO client.example\r\nAUTH PLAIN " + PLAIN + "\r\nQUIT\r\n");
        assertTrue(out.contains("250-AUTH LOGIN PLAIN"), out);
        assertFalse(out.contains("250-STARTTLS"), out);
        assertTrue(out.contains("235 2.7.0 Authentication successful"), out);
        assertTrue(out.contains("221 2.0.0 Bye"), out);
    }

    /**
     * After QUIT on TLS 1.3 the server sends close_notify alone, as Postfix does: the JDK's plain
     * close() sends user_canceled first, which GnuTLS clients (gsasl) take as a fatal alert and
     * report as an error after a session that went well (see GsaslClientTest).
     */
    @Test
    void quitOverTls13EndsWithCloseNotifyOnly() throws Exception {
        start();
        String out = run(List.of("openssl", "s_client", "-starttls", "smtp", "-tls1_3", "-msg", "-quiet",
                        "-connect", "127.0.0.1:" + server.address().getPort()),
                "EHLO client.example\r\nQUIT\r\n");
        assertTrue(out.contains("221 2.0.0 Bye"), out);
        assertTrue(out.contains("<<< TLS 1.3, Alert [length 0002], warning close_notify"), out);
        assertFalse(out.contains("user_canceled"), out);
    }

    /** smtpd_tls_auth_only: no AUTH in plaintext, neither announced nor accepted. */
    @Test
    void tlsAuthOnly() throws Exception {
        start("smtpd_tls_auth_only = yes");
        try (TlsSmtpClient c = connect()) {
            c.expect("EHLO example.com", String.join("\n",
                    "250-foo.example.com", "250-PIPELINING", "250-SIZE 10240000", "250-STARTTLS",
                    "250-ENHANCEDSTATUSCODES", "250 8BITMIME"));
            c.expect("AUTH PLAIN " + PLAIN, "503 5.5.1 Error: authentication not enabled");
            c.expect("STARTTLS", "220 2.0.0 Ready to start TLS");
            c.startTls(generatedCertificate(), HOST);
            c.send("EHLO example.com");
            assertTrue(c.reply().contains("\n250-AUTH LOGIN PLAIN\n"));
            c.expect("AUTH PLAIN " + PLAIN, "235 2.7.0 Authentication successful");
        }
    }

    /** encrypt: MAIL and AUTH wait for STARTTLS, EHLO and NOOP do not. */
    @Test
    void encryptRequiresStartTls() throws Exception {
        start("smtpd_tls_security_level = encrypt");
        try (TlsSmtpClient c = connect()) {
            c.send("EHLO example.com");
            String ehlo = c.reply();
            assertTrue(ehlo.contains("250-STARTTLS") && !ehlo.contains("AUTH"), ehlo);
            c.expect("AUTH PLAIN " + PLAIN, "530 5.7.0 Must issue a STARTTLS command first");
            c.expect("MAIL FROM:<me@you.com>", "530 5.7.0 Must issue a STARTTLS command first");
            c.expect("NOOP", "250 2.0.0 Ok");
            c.expect("STARTTLS", "220 2.0.0 Ready to start TLS");
            c.startTls(generatedCertificate(), HOST);
            c.expect("AUTH PLAIN " + PLAIN, "235 2.7.0 Authentication successful");
            c.expect("MAIL FROM:<me@you.com>", "250 2.1.0 Ok");
        }
    }

    /** RFC 3207 section 5: commands pipelined in plaintext after STARTTLS are never run. */
    @Test
    void plaintextAfterStartTlsIsDiscarded() throws Exception {
        start();
        try (TlsSmtpClient c = connect()) {
            c.send("EHLO example.com");
            assertTrue(c.reply().contains("250-STARTTLS"));
            // One write, so the injected commands sit in the server's plaintext buffer.
            c.sendRaw("STARTTLS\r\nAUTH PLAIN " + PLAIN + "\r\nMAIL FROM:<evil@example.net>\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", c.reply());
            c.startTls(generatedCertificate(), HOST);
            c.send("EHLO example.com");
            assertTrue(c.reply().startsWith("250-foo.example.com"));
            c.expect("RCPT TO:<a@elsewhere.example>", "503 5.5.1 Error: need MAIL command");
            c.expect("MAIL FROM:<me@you.com>", "250 2.1.0 Ok");
            // Not authenticated: the injected AUTH never ran either.
            c.expect("RCPT TO:<a@elsewhere.example>", "554 5.7.1 <a@elsewhere.example>: Relay access denied");
        }
    }

    private Path opensslCert(String name, List<String> keyOptions) throws Exception {
        Path cert = dir.resolve(name + "-cert.pem");
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2",
                "-subj", "/CN=pem.example.com", "-addext", "subjectAltName=DNS:pem.example.com",
                "-keyout", dir.resolve(name + "-key.pem").toString(), "-out", cert.toString()));
        cmd.addAll(keyOptions);
        run(cmd, "");
        return cert;
    }

    private static Certificate pemCertificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** smtpd_tls_cert_file and smtpd_tls_key_file: the configured RSA pair is presented, nothing is generated. */
    @Test
    void configuredPemRsaPair() throws Exception {
        Path cert = opensslCert("rsa", List.of("-newkey", "rsa:2048"));
        start("smtpd_tls_cert_file = " + cert, "smtpd_tls_key_file = " + dir.resolve("rsa-key.pem"));
        assertFalse(Files.exists(state().resolve(SelfSignedStore.STORE_NAME)));
        try (TlsSmtpClient c = connect()) {
            c.send("EHLO example.com");
            assertTrue(c.reply().contains("250-STARTTLS"));
            c.expect("STARTTLS", "220 2.0.0 Ready to start TLS");
            // Trusting only the configured certificate and checking its name proves it is the one used.
            c.startTls(pemCertificate(cert), "pem.example.com");
            c.send("EHLO example.com");
            c.reply();
            c.expect("AUTH PLAIN " + PLAIN, "235 2.7.0 Authentication successful");
        }
    }

    /** An EC key in the same file as its certificate, as Postfix allows when smtpd_tls_key_file is left out. */
    @Test
    void configuredPemEcKeyInCertFile() throws Exception {
        Path cert = opensslCert("ec", List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
        Path both = dir.resolve("ec-both.pem");
        Files.writeString(both, Files.readString(dir.resolve("ec-key.pem")) + Files.readString(cert));
        start("smtpd_tls_cert_file = " + both);
        try (TlsSmtpClient c = connect()) {
            c.expect("STARTTLS", "220 2.0.0 Ready to start TLS");
            SSLSocket tls = c.startTls(pemCertificate(cert), "pem.example.com");
            assertEquals("EC", tls.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm());
        }
    }

    /** A PKCS#1 ("BEGIN RSA PRIVATE KEY") key stops the start with a message saying how to convert it. */
    @Test
    void pkcs1KeyIsRefusedAtStart() throws Exception {
        Path cert = opensslCert("old", List.of("-newkey", "rsa:2048"));
        Path pkcs1 = dir.resolve("old-pkcs1.pem");
        run(List.of("openssl", "rsa", "-traditional", "-in", dir.resolve("old-key.pem").toString(),
                "-out", pkcs1.toString()), "");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> start("smtpd_tls_cert_file = " + cert, "smtpd_tls_key_file = " + pkcs1));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    /** Without smtpd_tls_security_level STARTTLS is neither announced nor implemented, as in Postfix. */
    @Test
    void noTlsByDefault() throws Exception {
        start("smtpd_tls_security_level = none");
        try (TlsSmtpClient c = connect()) {
            c.send("EHLO example.com");
            assertFalse(c.reply().contains("STARTTLS"));
            c.expect("STARTTLS", "502 5.5.1 Error: command not implemented");
        }
        assertFalse(Files.exists(state().resolve(SelfSignedStore.STORE_NAME)));
    }
}
