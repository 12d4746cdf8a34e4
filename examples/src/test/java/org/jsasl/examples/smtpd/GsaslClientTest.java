package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GNU SASL's command line ({@code gsasl --smtp}, Debian's 2.2, found through {@code JSASL_GSASL})
 * as a real SMTP client of the example server: SCRAM, CRAM-MD5, PLAIN, LOGIN and ANONYMOUS in
 * plaintext, EXTERNAL with a client certificate and SCRAM-SHA-256-PLUS after STARTTLS.
 *
 * <p>What gsasl 2.2 does, found by running it by hand: it prints the SMTP dialogue (with the CRLFs)
 * on stdout and its diagnostics on stderr; it exits 0 after {@code 235} and 1 after {@code 535}
 * ("gsasl: server error"); it uses STARTTLS whenever EHLO offers it unless {@code --no-starttls};
 * it reads the password from its prompt on stdin when {@code -p} is left out (how the tests pass
 * it); {@code -z} is the authzid, {@code -n} ANONYMOUS' trace token; it sends {@code AUTH MECH}
 * with no initial response, answers SCRAM's server-final {@code 334 v=...} with an empty line and
 * checks the server signature ("server trusted"); it sends the mechanism {@code -m} names even
 * when EHLO does not offer it. It binds with {@code tls-exporter} on TLS 1.3 and
 * {@code tls-unique} on TLS 1.2, never {@code tls-server-end-point}, so -PLUS succeeds only where
 * the JDK exposes the TLS exporter (Java 25).
 *
 * <p>Needs the tool variables: {@code eval "$(scripts/services/all env)"}; skipped without them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GsaslClientTest {

    private static final Duration CLIENT_LIMIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "Alice-pw-7f3a";
    private static final String WRONG = "Wrong-pw-e04d";
    private static final String AUTH_OK = "235 2.7.0 Authentication successful";
    private static final String AUTH_FAILED = "535 5.7.8 Error: authentication failed: authentication failure";
    private static final String NO_MECHANISM = "535 5.7.8 Error: authentication failed: no mechanism available";

    private static final String PLAINTEXT_AUTH = "250-AUTH SCRAM-SHA-1 SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN ANONYMOUS\n";
    private static final String TLS_AUTH = "250-AUTH SCRAM-SHA-1-PLUS SCRAM-SHA-1 SCRAM-SHA-256-PLUS SCRAM-SHA-256"
            + " CRAM-MD5 PLAIN LOGIN ANONYMOUS";

    @TempDir
    static Path dir;

    private static String gsasl;
    private static SmtpServer server;

    @BeforeAll
    static void start() throws Exception {
        gsasl = TestServices.require("gsasl", List.of("JSASL_GSASL")).get("JSASL_GSASL");
        makeCertificates();
        Path conf = Files.createDirectories(dir.resolve("sasl"));
        // A cleartext secret (sasl-core's test-only memory auxprop): what CRAM-MD5 needs, and what
        // SCRAM derives its keys from. The demo's crypt hashes could serve neither.
        Files.writeString(conf.resolve("smtpd.conf"), String.join("\n",
                "pwcheck_method: auxprop",
                "auxprop_plugin: memory",
                "memory_userpassword: alice=" + PASSWORD,
                "mech_list: SCRAM-SHA-1 SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN ANONYMOUS EXTERNAL", ""));
        server = TestServers.start(TestServers.demo(dir.resolve("mail"),
                "cyrus_sasl_config_path = " + conf,
                // Empty: the demo's noanonymous would hide ANONYMOUS.
                "smtpd_sasl_security_options =",
                "smtpd_tls_security_level = may",
                "smtpd_tls_cert_file = " + dir.resolve("server.pem"),
                "smtpd_tls_key_file = " + dir.resolve("server-key.pem"),
                "smtpd_tls_ask_ccert = yes",
                "smtpd_tls_CAfile = " + dir.resolve("ca.pem")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A CA, a server certificate it signs for 127.0.0.1 (so gsasl verifies the server with
     * {@code --x509-ca-file} instead of being told to ignore errors) and a client certificate
     * {@code O=Example, CN=alice}, whose CN becomes the EXTERNAL identity.
     *
     * <p>ECDSA P-256, not RSA: on TLS 1.3 Java 25's CertificateRequest lists no rsa_pkcs1 scheme in
     * signature_algorithms (they are for certificates only, in signature_algorithms_cert), and
     * Debian 12's GnuTLS then sends no client certificate signed with sha256WithRSA at all, so
     * EXTERNAL would not be offered. Java 17 still lists them there. ecdsa_secp256r1_sha256 is in
     * both lists on both JDKs.
     */
    private static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-days", "2", "-subj", "/CN=jsasl test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", file("ca-key.pem"), "-out", file("ca.pem"));
        signed("server", "/CN=foo.example.com",
                "subjectAltName=DNS:foo.example.com,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        signed("client", "/O=Example/CN=alice", "extendedKeyUsage=clientAuth\n");
    }

    private static void signed(String name, String subject, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("req", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-subj", subject,
                "-keyout", file(name + "-key.pem"), "-out", file(name + ".csr"));
        openssl("x509", "-req", "-in", file(name + ".csr"), "-CA", file("ca.pem"), "-CAkey", file("ca-key.pem"),
                "-CAcreateserial", "-days", "2", "-extfile", file(name + ".ext"), "-out", file(name + ".pem"));
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        BoundedProcess.Result r = BoundedProcess.run(command, "", CLIENT_LIMIT, dir, Map.of());
        assertEquals(0, r.exit(), r.output());
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    /**
     * gsasl as an SMTP client of the server; {@code password}, when not null, answers its prompt on
     * stdin rather than going on the command line (where {@code ps} shows it). The output is
     * checked never to hold the password itself.
     */
    private static BoundedProcess.Result gsasl(SmtpServer target, String mechanism, String password,
            String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(gsasl, "--smtp",
                "--connect", "127.0.0.1:" + target.address().getPort(), "-m", mechanism));
        command.addAll(List.of(options));
        BoundedProcess.Result r = BoundedProcess.run(command, password == null ? "" : password + "\n",
                CLIENT_LIMIT, dir, Map.of("HOME", dir.toString()));
        if (password != null) {
            assertFalse(r.output().contains(password), "password printed");
        }
        // gsasl echoes the dialogue with the CRLFs it sent and received.
        return new BoundedProcess.Result(r.exit(), r.output().replace("\r\n", "\n"));
    }

    private static BoundedProcess.Result gsasl(String mechanism, String password, String... options)
            throws Exception {
        return gsasl(server, mechanism, password, options);
    }

    /** gsasl in plaintext: STARTTLS is offered, so it has to be told not to use it. */
    private static BoundedProcess.Result plaintext(SmtpServer target, String mechanism, String user,
            String password, String... more) throws Exception {
        List<String> options = new ArrayList<>(List.of("--no-starttls", "-a", user));
        options.addAll(List.of(more));
        return gsasl(target, mechanism, password, options.toArray(new String[0]));
    }

    private static BoundedProcess.Result plaintext(String mechanism, String user, String password, String... more)
            throws Exception {
        return plaintext(server, mechanism, user, password, more);
    }

    /** gsasl after STARTTLS, verifying the server's certificate against the test CA. */
    private static BoundedProcess.Result overTls(String mechanism, String password, String... options)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("--starttls", "--x509-ca-file=" + file("ca.pem")));
        all.addAll(List.of(options));
        return gsasl(mechanism, password, all.toArray(new String[0]));
    }

    private static String[] clientCertificate() {
        return new String[] {"--x509-cert-file=" + file("client.pem"), "--x509-key-file=" + file("client-key.pem")};
    }

    private static void assertAccepted(BoundedProcess.Result r) {
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("\n" + AUTH_OK + "\n"), r.output());
        assertTrue(r.output().contains("\n221 2.0.0 Bye\n"), r.output());
    }

    private static void assertRefused(BoundedProcess.Result r, String reply) {
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("\n" + reply + "\n"), r.output());
        assertFalse(r.output().contains(AUTH_OK), r.output());
        assertTrue(r.output().contains("gsasl: server error"), r.output());
    }

    /** The client's first SCRAM message, decoded from the line after {@code AUTH MECH} and {@code 334 }. */
    private static String clientFirst(BoundedProcess.Result r, String mechanism) {
        String out = r.output();
        int auth = out.indexOf("AUTH " + mechanism + "\n334 \n");
        assertTrue(auth >= 0, out);
        int start = out.indexOf("334 \n", auth) + "334 \n".length();
        String line = out.substring(start, out.indexOf('\n', start));
        // gsasl's password prompt (no newline) may share the line, depending on when it asks.
        return new String(Base64.getDecoder().decode(line.replace("Enter password: ", "")), StandardCharsets.UTF_8);
    }

    /**
     * The decoded server-final message: the third {@code 334} challenge after the AUTH command (the
     * first is the empty one for the initial response, the second the server-first message); empty
     * when there is none.
     */
    private static String serverFinal(BoundedProcess.Result r) {
        String[] lines = r.output().split("\n");
        int challenges = 0;
        for (String line : lines) {
            if (line.startsWith("334 ") && ++challenges == 3) {
                return new String(Base64.getDecoder().decode(line.substring(4)), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Test
    void scramSha1Succeeds() throws Exception {
        BoundedProcess.Result r = plaintext("SCRAM-SHA-1", "alice", PASSWORD);
        assertAccepted(r);
        // The server-final message comes as a 334 challenge and gsasl verified its signature.
        assertTrue(serverFinal(r).startsWith("v="), r.output());
        assertTrue(r.output().contains("server trusted"), r.output());
    }

    @Test
    void scramSha256Succeeds() throws Exception {
        BoundedProcess.Result r = plaintext("SCRAM-SHA-256", "alice", PASSWORD);
        assertAccepted(r);
        assertTrue(clientFirst(r, "SCRAM-SHA-256").startsWith("n,,n=alice,r="), r.output());
        assertTrue(serverFinal(r).startsWith("v="), r.output());
    }

    @Test
    void cramMd5Succeeds() throws Exception {
        assertAccepted(plaintext("CRAM-MD5", "alice", PASSWORD));
    }

    @Test
    void plainSucceeds() throws Exception {
        assertAccepted(plaintext("PLAIN", "alice", PASSWORD));
    }

    @Test
    void loginSucceeds() throws Exception {
        BoundedProcess.Result r = plaintext("LOGIN", "alice", PASSWORD);
        assertAccepted(r);
        assertTrue(r.output().contains("\n334 VXNlcm5hbWU6\n"), r.output());
    }

    @Test
    void plaintextEhloOffersNeitherPlusNorExternal() throws Exception {
        BoundedProcess.Result r = plaintext("PLAIN", "alice", PASSWORD);
        assertTrue(r.output().contains("\n" + PLAINTEXT_AUTH), r.output());
        assertTrue(r.output().contains("\n250-STARTTLS\n"), r.output());
    }

    @Test
    void wrongPasswordWithScramSha256Is535() throws Exception {
        BoundedProcess.Result r = plaintext("SCRAM-SHA-256", "alice", WRONG);
        assertRefused(r, AUTH_FAILED);
        // Refused at the client's proof: no server signature was sent for a wrong password.
        assertEquals("", serverFinal(r), r.output());
    }

    @Test
    void wrongPasswordWithCramMd5Is535() throws Exception {
        assertRefused(plaintext("CRAM-MD5", "alice", WRONG), AUTH_FAILED);
    }

    @Test
    void unknownUserWithScramSha1Is535() throws Exception {
        assertRefused(plaintext("SCRAM-SHA-1", "mallory", PASSWORD), AUTH_FAILED);
    }

    @Test
    void scramWithTheUsersOwnAuthzidSucceedsAndAnotherIsRefused() throws Exception {
        BoundedProcess.Result r = plaintext("SCRAM-SHA-256", "alice", PASSWORD, "-z", "alice");
        assertAccepted(r);
        assertTrue(clientFirst(r, "SCRAM-SHA-256").startsWith("n,a=alice,n=alice,r="), r.output());
        assertRefused(plaintext("SCRAM-SHA-256", "alice", PASSWORD, "-z", "bob"), AUTH_FAILED);
    }

    @Test
    void anonymousWithATraceTokenSucceeds() throws Exception {
        // -n is the trace token, not a secret; gsasl asks for nothing else.
        BoundedProcess.Result r = gsasl("ANONYMOUS", null, "--no-starttls", "-n", "trace@example.org");
        assertAccepted(r);
        assertTrue(r.output().contains("\n" + Base64.getEncoder().encodeToString(
                "trace@example.org".getBytes(StandardCharsets.UTF_8)) + "\n"), r.output());
    }

    @Test
    void externalInPlaintextIsNotOffered() throws Exception {
        BoundedProcess.Result r = gsasl("EXTERNAL", null, "--no-starttls");
        assertRefused(r, NO_MECHANISM);
    }

    @Test
    void plainOverStartTlsSucceedsAndGsaslExitsZero() throws Exception {
        // Also the close: on TLS 1.3 the server must end with a bare close_notify (see
        // SmtpSession.closeSocket), or gsasl reports a fatal alert and exits 1 after 235.
        BoundedProcess.Result r = overTls("PLAIN", PASSWORD, "-a", "alice");
        assertAccepted(r);
        assertTrue(r.output().contains("\nSTARTTLS\n220 2.0.0 Ready to start TLS\n"), r.output());
        assertFalse(r.output().contains("fatal alert"), r.output());
    }

    @Test
    void externalWithAClientCertificateSucceeds() throws Exception {
        BoundedProcess.Result r = overTls("EXTERNAL", null, clientCertificate());
        assertAccepted(r);
        // After STARTTLS with a verified certificate EXTERNAL joins the offer, with the -PLUS variants.
        assertTrue(r.output().contains("\n" + TLS_AUTH + " EXTERNAL\n"), r.output());
        // gsasl sends an empty message: the identity is the certificate's CN.
        assertTrue(r.output().contains("\nAUTH EXTERNAL\n334 \n\n" + AUTH_OK + "\n"), r.output());
    }

    @Test
    void externalWithTheCertificatesOwnAuthzidSucceedsAndAnotherIsRefused() throws Exception {
        List<String> options = new ArrayList<>(List.of(clientCertificate()));
        options.addAll(List.of("-z", "alice"));
        assertAccepted(overTls("EXTERNAL", null, options.toArray(new String[0])));
        options.set(options.size() - 1, "bob");
        assertRefused(overTls("EXTERNAL", null, options.toArray(new String[0])), AUTH_FAILED);
    }

    @Test
    void externalOverTlsWithoutAClientCertificateIsNotOffered() throws Exception {
        BoundedProcess.Result r = overTls("EXTERNAL", null);
        assertTrue(r.output().contains("\n" + TLS_AUTH + "\n"), r.output());
        assertRefused(r, NO_MECHANISM);
    }

    /** Whether this JDK's JSSE exposes the TLS exporter that RFC 9266's tls-exporter needs (Java 25 does, 17 does not). */
    private static boolean exporterAvailable() {
        try {
            ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * SCRAM-SHA-256-PLUS on TLS 1.3, where gsasl binds with tls-exporter: runs only when the JDK
     * running the tests exposes the exporter (Temurin 25; on Java 17 the server has no tls-exporter
     * data and the test is skipped, see the next test for what happens then).
     */
    @Test
    void scramSha256PlusWithTlsExporterSucceedsWhereTheJdkHasTheExporter() throws Exception {
        Assumptions.assumeTrue(exporterAvailable(), "this JDK's JSSE has no TLS exporter (Java 25 has)");
        BoundedProcess.Result r = overTls("SCRAM-SHA-256-PLUS", PASSWORD, "-a", "alice", "--verbose");
        assertTrue(r.output().contains("TLS session info: (TLS1.3)"), r.output());
        assertAccepted(r);
        assertTrue(clientFirst(r, "SCRAM-SHA-256-PLUS").startsWith("p=tls-exporter,,n=alice,r="), r.output());
        assertTrue(serverFinal(r).startsWith("v="), r.output());
    }

    /**
     * Without the exporter (TLS 1.3 on Java 17) gsasl still asks for tls-exporter: the server does
     * not have that type and refuses with 535; it never accepts an unchecked binding.
     */
    @Test
    void scramSha256PlusWithTlsExporterIsRefusedWhereTheJdkLacksTheExporter() throws Exception {
        Assumptions.assumeFalse(exporterAvailable(), "this JDK has the TLS exporter: the binding succeeds");
        BoundedProcess.Result r = overTls("SCRAM-SHA-256-PLUS", PASSWORD, "-a", "alice", "--verbose");
        assertTrue(r.output().contains("TLS session info: (TLS1.3)"), r.output());
        assertTrue(clientFirst(r, "SCRAM-SHA-256-PLUS").startsWith("p=tls-exporter,,n=alice,r="), r.output());
        assertRefused(r, AUTH_FAILED);
    }

    /**
     * On TLS 1.2 gsasl binds with tls-unique (RFC 5929), which jsasl does not implement (the JDK
     * does not expose the Finished message, and RFC 9266 deprecates it): refused with 535 on every JDK.
     */
    @Test
    void scramSha256PlusWithTlsUniqueOnTls12IsRefused() throws Exception {
        BoundedProcess.Result r = overTls("SCRAM-SHA-256-PLUS", PASSWORD, "-a", "alice", "--verbose",
                "--priority=NORMAL:-VERS-TLS1.3");
        assertTrue(r.output().contains("TLS session info: (TLS1.2)"), r.output());
        assertTrue(clientFirst(r, "SCRAM-SHA-256-PLUS").startsWith("p=tls-unique,,n=alice,r="), r.output());
        assertRefused(r, AUTH_FAILED);
    }

    /**
     * The plain variant after STARTTLS: gsasl 2.2 gives up on its own side ("mechanism error")
     * unless told {@code --no-cb}; then it sends "n" (no binding support), which RFC 5802 lets in.
     */
    @Test
    void plainScramOverTlsWithoutBindingSucceeds() throws Exception {
        BoundedProcess.Result r = overTls("SCRAM-SHA-256", PASSWORD, "-a", "alice", "--no-cb");
        assertAccepted(r);
        assertTrue(clientFirst(r, "SCRAM-SHA-256").startsWith("n,,n=alice,r="), r.output());
    }

    /**
     * On the demo's crypt hashes (examples/conf/demo.sqlite, testuser/secret) a mech_list naming
     * CRAM-MD5 leaves it out: no crypt value can serve it, so gsasl's AUTH CRAM-MD5 gets "no
     * mechanism available" instead of a certain 535. SCRAM-SHA-256 stays, since a crypt column may
     * hold SCRAM keys (Dovecot's or RFC 5803's form); testuser's SHA-512 crypt hash is not such a
     * key, and the attempt fails with 535, never an accept.
     */
    @Test
    void cryptHashesOfferOnlyWhatTheyCanServe() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("crypt"));
        Files.writeString(conf.resolve("smtpd.conf"), String.join("\n",
                "pwcheck_method: auxprop",
                "auxprop_plugin: sql",
                "password_format: crypt",
                "mech_list: SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN",
                "sql_engine: sqlite3",
                "sql_database: " + TestServers.CONF.resolve("demo.sqlite"),
                "sql_select: SELECT password FROM mailbox WHERE local_part='%u' AND active='1'",
                "realm_list: none", ""));
        try (SmtpServer crypt = TestServers.start(TestServers.demo(dir.resolve("crypt-mail"),
                "cyrus_sasl_config_path = " + conf))) {
            BoundedProcess.Result r = plaintext(crypt, "CRAM-MD5", "testuser", "secret");
            assertTrue(r.output().contains("\n250-AUTH SCRAM-SHA-256 PLAIN LOGIN\n"), r.output());
            assertRefused(r, NO_MECHANISM);
            assertRefused(plaintext(crypt, "SCRAM-SHA-256", "testuser", "secret"), AUTH_FAILED);
            assertAccepted(plaintext(crypt, "PLAIN", "testuser", "secret"));
        }
    }
}
