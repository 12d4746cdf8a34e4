package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail clients that were not written for these tests talk to a real server on loopback (the demo
 * configuration, SQLite user testuser/secret): swaks (from {@code scripts/services/tools}, found
 * through {@code JSASL_SWAKS}), Python's smtplib (python3 on PATH) and Jakarta Mail (Angus Mail),
 * so that the server's replies are proven against the parsers real users run, not only against
 * our own reading of the RFCs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealClientsTest {

    private static final Duration CLIENT_LIMIT = Duration.ofSeconds(30);
    private static final String OUTSIDE = "validuser@validexternaldomain.tld";
    private static final String AUTH_FAILED = "535 5.7.8 Error: authentication failed: authentication failure";

    @TempDir
    Path dir;

    private SmtpServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestServers.demo(dir.resolve("mail")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String port() {
        return Integer.toString(server.address().getPort());
    }

    private List<String> mailFiles() throws Exception {
        Path mail = dir.resolve("mail");
        if (!Files.isDirectory(mail)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(mail)) {
            List<String> texts = new ArrayList<>();
            for (Path f : files.toList()) {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            return texts;
        }
    }

    /** swaks 20201014 always sends PLAIN with an initial response and LOGIN without one. */
    @Nested
    class Swaks {

        private String swaks;

        @BeforeEach
        void find() {
            swaks = TestServices.require("swaks", List.of("JSASL_SWAKS")).get("JSASL_SWAKS");
        }

        /**
         * swaks; {@code password}, when not null, goes to its prompt on stdin ("--auth-password" with
         * no value), so that it is not on the command line. HOME is a scratch directory: swaks would
         * otherwise look for the password in the user's ~/.netrc first.
         */
        private BoundedProcess.Result swaks(String to, String mechanism, String user, String password)
                throws Exception {
            List<String> command = new ArrayList<>(List.of(swaks, "--server", "127.0.0.1", "--port", port(),
                    "--helo", "example.com", "--from", "me@you.com", "--to", to, "--timeout", "10",
                    "--header", "Subject: swaks test"));
            if (mechanism != null) {
                command.addAll(List.of("--auth", mechanism, "--auth-user", user, "--auth-password",
                        "--auth-hide-password"));
            }
            return BoundedProcess.run(command, password == null ? "" : password + "\n", CLIENT_LIMIT, dir,
                    Map.of("HOME", dir.toString()));
        }

        @Test
        void plainWithInitialResponseRelays() throws Exception {
            BoundedProcess.Result r = swaks(OUTSIDE, "PLAIN", "testuser", "secret");
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("~> AUTH PLAIN ") || r.output().contains("-> AUTH PLAIN "), r.output());
            assertTrue(r.output().contains("<-  235 2.7.0 Authentication successful"), r.output());
            assertTrue(r.output().matches("(?s).*<-  250 2\\.0\\.0 Ok: queued as [0-9A-F]{10}.*"), r.output());
            assertFalse(r.output().contains("secret"), "password printed");
            assertEquals(1, mailFiles().size());
            assertTrue(mailFiles().get(0).contains("(Authenticated sender: testuser)"));
        }

        @Test
        void loginWithoutInitialResponse() throws Exception {
            BoundedProcess.Result r = swaks(OUTSIDE, "LOGIN", "testuser", "secret");
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("-> AUTH LOGIN\n") || r.output().contains("-> AUTH LOGIN\r\n"), r.output());
            assertTrue(r.output().contains("<-  334 VXNlcm5hbWU6"), r.output());
            assertTrue(r.output().contains("<-  334 UGFzc3dvcmQ6"), r.output());
            assertTrue(r.output().contains("<-  235 2.7.0 Authentication successful"), r.output());
        }

        @Test
        void wrongPasswordExits28With535() throws Exception {
            BoundedProcess.Result r = swaks(OUTSIDE, "PLAIN", "testuser", "wrong");
            assertEquals(28, r.exit(), r.output());
            assertTrue(r.output().contains("<** " + AUTH_FAILED), r.output());
            assertTrue(mailFiles().isEmpty());
        }

        @Test
        void wrongPasswordWithLoginExits28With535() throws Exception {
            BoundedProcess.Result r = swaks(OUTSIDE, "LOGIN", "testuser", "wrong");
            assertEquals(28, r.exit(), r.output());
            assertTrue(r.output().contains("<** " + AUTH_FAILED), r.output());
        }

        @Test
        void unknownUserGetsTheSame535() throws Exception {
            BoundedProcess.Result r = swaks(OUTSIDE, "PLAIN", "nosuchuser", "secret");
            assertEquals(28, r.exit(), r.output());
            assertTrue(r.output().contains("<** " + AUTH_FAILED), r.output());
        }

        @Test
        void relayWithoutAuthenticationIsDenied() throws Exception {
            BoundedProcess.Result r = swaks(OUTSIDE, null, null, null);
            assertEquals(24, r.exit(), r.output());
            assertTrue(r.output().contains("<** 554 5.7.1 <" + OUTSIDE + ">: Relay access denied"), r.output());
            assertTrue(mailFiles().isEmpty());
        }
    }

    /** Python's smtplib, run as a subprocess (src/test/resources/smtpd/smtplib_client.py). */
    @Nested
    class PythonSmtplib {

        private BoundedProcess.Result smtplib(SmtpServer target, String mode, String user, String password)
                throws Exception {
            Path script = Path.of(RealClientsTest.class.getResource("/smtpd/smtplib_client.py").toURI());
            List<String> command = List.of("python3", script.toString(), "127.0.0.1",
                    Integer.toString(target.address().getPort()), mode, user);
            BoundedProcess.Result r;
            try {
                r = BoundedProcess.run(command, password + "\n", CLIENT_LIMIT, dir, Map.of());
            } catch (java.io.IOException e) {
                Assumptions.abort("python3 is not on PATH: " + e.getMessage());
                throw e;
            }
            assertFalse(r.output().contains(password) && !password.isEmpty(), "password printed");
            return r;
        }

        private BoundedProcess.Result smtplib(String mode, String user, String password) throws Exception {
            return smtplib(server, mode, user, password);
        }

        @Test
        void plainWithInitialResponse() throws Exception {
            BoundedProcess.Result r = smtplib("PLAIN-IR", "testuser", "secret");
            assertEquals("OK 235", r.output().strip(), r.output());
        }

        @Test
        void plainWithoutInitialResponse() throws Exception {
            BoundedProcess.Result r = smtplib("PLAIN-NOIR", "testuser", "secret");
            assertEquals("OK 235", r.output().strip(), r.output());
        }

        @Test
        void loginWithInitialResponse() throws Exception {
            BoundedProcess.Result r = smtplib("LOGIN-IR", "testuser", "secret");
            assertEquals("OK 235", r.output().strip(), r.output());
        }

        @Test
        void loginWithoutInitialResponse() throws Exception {
            BoundedProcess.Result r = smtplib("LOGIN-NOIR", "testuser", "secret");
            assertEquals("OK 235", r.output().strip(), r.output());
        }

        @Test
        void wrongPasswordRaisesAuthenticationError535() throws Exception {
            BoundedProcess.Result r = smtplib("PLAIN-IR", "testuser", "wrong");
            assertEquals("AUTHFAIL " + AUTH_FAILED, r.output().strip(), r.output());
            r = smtplib("LOGIN-NOIR", "testuser", "wrong");
            assertEquals("AUTHFAIL " + AUTH_FAILED, r.output().strip(), r.output());
        }

        @Test
        void unknownUserRaisesAuthenticationError535() throws Exception {
            BoundedProcess.Result r = smtplib("LOGIN-IR", "nosuchuser", "secret");
            assertEquals("AUTHFAIL " + AUTH_FAILED, r.output().strip(), r.output());
        }

        @Test
        void cancelWithStarGives501() throws Exception {
            BoundedProcess.Result r = smtplib("CANCEL", "testuser", "");
            assertEquals("CANCEL 501 5.7.0 Authentication aborted", r.output().strip(), r.output());
        }

        @Test
        void backendDownGives454() throws Exception {
            Path conf = TestServers.missingDatabaseConfig(dir, "sasl");
            try (SmtpServer down = TestServers.start(TestServers.demo(dir.resolve("mail2"),
                    "cyrus_sasl_config_path = " + conf))) {
                BoundedProcess.Result r = smtplib(down, "PLAIN-IR", "testuser", "secret");
                assertTrue(r.output().strip().startsWith("AUTHFAIL 454 4.7.0 Temporary authentication failure"),
                        r.output());
                r = smtplib(down, "LOGIN-NOIR", "testuser", "secret");
                assertTrue(r.output().strip().startsWith("AUTHFAIL 454 4.7.0 Temporary authentication failure"),
                        r.output());
            }
        }
    }

    /** Jakarta Mail (Angus Mail), configured as a Java application sending through its submission server. */
    @Nested
    class JakartaMail {

        private Session session() {
            Properties props = new Properties();
            props.setProperty("mail.smtp.host", "127.0.0.1");
            props.setProperty("mail.smtp.port", port());
            props.setProperty("mail.smtp.auth", "true");
            props.setProperty("mail.smtp.localhost", "example.com");
            props.setProperty("mail.smtp.connectiontimeout", "10000");
            props.setProperty("mail.smtp.timeout", "10000");
            props.setProperty("mail.smtp.writetimeout", "10000");
            return Session.getInstance(props);
        }

        private MimeMessage message(Session session) throws Exception {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("me@you.com"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(OUTSIDE));
            m.setSubject("Jakarta Mail test");
            m.setText("Sent through jsasl's example server by Jakarta Mail.");
            return m;
        }

        @Test
        void sendsAuthenticatedMail() throws Exception {
            Session session = session();
            Transport.send(message(session), "testuser", "secret");
            List<String> mails = mailFiles();
            assertEquals(1, mails.size());
            assertTrue(mails.get(0).contains("\t(Authenticated sender: testuser)\r\n"), mails.get(0));
            assertTrue(mails.get(0).contains("Subject: Jakarta Mail test\r\n"), mails.get(0));
            assertTrue(mails.get(0).contains("Sent through jsasl's example server by Jakarta Mail."), mails.get(0));
        }

        @Test
        void wrongPasswordThrowsAuthenticationFailed() throws Exception {
            Session session = session();
            MimeMessage m = message(session);
            AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                    () -> Transport.send(m, "testuser", "wrong"));
            assertTrue(String.valueOf(e.getMessage()).contains("535 5.7.8"), String.valueOf(e.getMessage()));
            assertTrue(mailFiles().isEmpty());
        }
    }
}
