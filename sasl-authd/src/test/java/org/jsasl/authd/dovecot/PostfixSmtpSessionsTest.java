package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SmtpDialog;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.PrivatePostfix;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP sessions typed line by line against a real Postfix 3.7 ({@code smtpd_sasl_type = dovecot}
 * here, {@code cyrus} in {@link PostfixSmtpSessionsCyrusTypeTest}) that asks jsasl authd: the Gentoo guide's telnet session, PLAIN without and LOGIN with an initial
 * response, an aborted exchange, and {@code smtpd_tls_auth_only} (no AUTH before STARTTLS, AUTH after
 * it, from a Java client and from Python's smtplib).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostfixSmtpSessionsTest {

    @TempDir
    Path dir;

    AuthdDaemon daemon;
    private PrivatePostfix postfix;

    static ServerContext context() throws ConfigException {
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "testuser=secret", "mech_list", "PLAIN LOGIN"));
    }

    @BeforeEach
    void startAuthd() throws Exception {
        TestServices.require("Postfix", List.of("JSASL_POSTFIX"));
        AuthdBackend backend = new AuthdBackend(context(), AuthdOptions.defaults("foo.example.com"));
        daemon = AuthdDaemon.start(backend, PostfixSmtpSessionsTest::context, List.of(listener(backend)), 100);
    }

    /** jsasl authd's side: the Dovecot protocol on loopback TCP here; the subclass serves saslauthd. */
    AuthdDaemon.Listener listener(AuthdBackend backend) throws IOException {
        return new AuthdDaemon.Listener(ListenAddress.parse("inet:127.0.0.1:0"), new DovecotAuthProtocol(backend),
                SocketOwnership.DEFAULT);
    }

    /** Postfix' side: main.cf lines that make it ask {@link #daemon} (the subclass also writes smtpd.conf). */
    Map<String, String> saslSettings(Path postfixDir) throws IOException {
        return Map.of("smtpd_sasl_type", "dovecot",
                "smtpd_sasl_path", "inet:127.0.0.1:" + ((InetSocketAddress) daemon.addresses().get(0)).getPort());
    }

    private void startPostfix(Map<String, String> more) throws IOException {
        Map<String, String> cf = new HashMap<>(saslSettings(dir.resolve("postfix")));
        cf.putAll(more);
        postfix = PrivatePostfix.start(dir.resolve("postfix"), cf);
    }

    @AfterEach
    void stop() throws IOException {
        if (postfix != null) {
            postfix.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theGuidesTelnetSessionAuthenticatesAndRelays() throws Exception {
        startPostfix(Map.of());
        try (SmtpDialog s = new SmtpDialog(postfix.port())) {
            assertTrue(s.reply().startsWith("220 "), s.transcript());
            assertTrue(s.send("HELO example.com").startsWith("250 "), s.transcript());
            assertEquals("334 VXNlcm5hbWU6\n", s.send("AUTH LOGIN"), s.transcript());
            assertEquals("334 UGFzc3dvcmQ6\n", s.send("dGVzdHVzZXI="), s.transcript());
            assertEquals("235 2.7.0 Authentication successful\n", s.send("c2VjcmV0"), s.transcript());
            assertEquals("250 2.1.0 Ok\n", s.send("mail from:me@you.com"), s.transcript());
            assertEquals("250 2.1.5 Ok\n", s.send("rcpt to:someone@elsewhere.example"), s.transcript());
            assertTrue(s.send("QUIT").startsWith("221 "), s.transcript());
        }
        assertTrue(postfix.logText().contains("sasl_method=LOGIN, sasl_username=testuser"), postfix.logText());
    }

    @Test
    void plainWithoutAndLoginWithAnInitialResponse() throws Exception {
        startPostfix(Map.of());
        try (SmtpDialog s = new SmtpDialog(postfix.port())) {
            s.reply();
            s.send("EHLO client.example");
            assertEquals("334 \n", s.send("AUTH PLAIN"), s.transcript());
            assertEquals("235 2.7.0 Authentication successful\n", s.send(b64("\0testuser\0secret")), s.transcript());
        }
        try (SmtpDialog s = new SmtpDialog(postfix.port())) {
            s.reply();
            s.send("EHLO client.example");
            assertEquals("334 UGFzc3dvcmQ6\n", s.send("AUTH LOGIN " + b64("testuser")), s.transcript());
            assertEquals("235 2.7.0 Authentication successful\n", s.send(b64("secret")), s.transcript());
        }
    }

    @Test
    void anAbortedExchangeIs501AndTheNextAuthWorks() throws Exception {
        startPostfix(Map.of());
        try (SmtpDialog s = new SmtpDialog(postfix.port())) {
            s.reply();
            s.send("EHLO client.example");
            assertEquals("334 VXNlcm5hbWU6\n", s.send("AUTH LOGIN"), s.transcript());
            assertEquals("501 5.7.0 Authentication aborted\n", s.send("*"), s.transcript());
            // Postfix sends no CANCEL to a Dovecot server: jsasl authd drops the abandoned request itself.
            assertEquals("235 2.7.0 Authentication successful\n",
                    s.send("AUTH PLAIN " + b64("\0testuser\0secret")), s.transcript());
        }
    }

    private Map<String, String> tlsAuthOnly() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=foo.example.com", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req failed");
        return Map.of("smtpd_tls_security_level", "may", "smtpd_tls_auth_only", "yes",
                "smtpd_tls_cert_file", cert.toString(), "smtpd_tls_key_file", key.toString());
    }

    @Test
    void withTlsAuthOnlyAuthWaitsForStartTls() throws Exception {
        startPostfix(tlsAuthOnly());
        try (SmtpDialog s = new SmtpDialog(postfix.port())) {
            s.reply();
            String ehlo = s.send("EHLO client.example");
            assertFalse(ehlo.contains("AUTH"), ehlo);
            assertTrue(ehlo.contains("STARTTLS"), ehlo);
            // Postfix hides AUTH before TLS and refuses it as not enabled.
            assertEquals("503 5.5.1 Error: authentication not enabled\n",
                    s.send("AUTH PLAIN " + b64("\0testuser\0secret")), s.transcript());
            assertTrue(s.send("STARTTLS").startsWith("220 "), s.transcript());
            s.startTls();
            assertTrue(s.send("EHLO client.example").contains("250-AUTH PLAIN LOGIN"), s.transcript());
            assertEquals("235 2.7.0 Authentication successful\n",
                    s.send("AUTH PLAIN " + b64("\0testuser\0secret")), s.transcript());
        }
    }

    @Test
    void pythonSmtplibLogsInAfterStartTls() throws Exception {
        startPostfix(tlsAuthOnly());
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=10)",
                "s.ehlo()",
                "print('before', s.has_extn('auth'))",
                "s.starttls(context=ssl._create_unverified_context())",
                "s.ehlo()",
                "print('login', s.login('testuser', 'secret')[0])",
                "s.quit()",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=10)",
                "s.starttls(context=ssl._create_unverified_context())",
                "s.ehlo()",
                "try:",
                "    s.login('testuser', 'wrong')",
                "except smtplib.SMTPAuthenticationError as e:",
                "    print('wrong', e.smtp_code)",
                "s.quit()", "");
        ProcessBuilder pb = new ProcessBuilder(TestServices.require("Python 3", List.of("JSASL_PYTHON")).get("JSASL_PYTHON"),
                "-c", script, String.valueOf(postfix.port())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("py.out").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        String out = java.nio.file.Files.readString(dir.resolve("py.out"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("before False\n"), out);
        assertTrue(out.contains("login 235\n"), out);
        assertTrue(out.contains("wrong 535\n"), out);
    }
}
