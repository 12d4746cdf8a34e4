package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP dialogue against a real server on the demo configuration (examples/conf, SQLite). */
class SmtpSessionTest {

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

    private SmtpClient connect() throws Exception {
        SmtpClient c = new SmtpClient(server.address());
        assertEquals("220 foo.example.com ESMTP Postfix", c.reply());
        return c;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The seed's telnet session, line for line. */
    @Test
    void seedSession() throws Exception {
        try (SmtpClient c = connect()) {
            c.expect("HELO example.com", "250 foo.example.com");
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("dGVzdHVzZXI=", "334 UGFzc3dvcmQ6");
            c.expect("c2VjcmV0", "235 2.7.0 Authentication successful");
            c.expect("mail from:me@you.com", "250 2.1.0 Ok");
            c.expect("rcpt to:validuser@validexternaldomain.tld", "250 2.1.5 Ok");
            c.expect("data", "354 End data with <CR><LF>.<CR><LF>");
            c.send("Subject: Test message");
            c.send("");
            c.send("Test message to ensure Postfix is only relaying with smtp authorization.");
            c.send(".");
            String queued = c.reply();
            assertTrue(queued.matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]{10}"), queued);
            c.expect("quit", "221 2.0.0 Bye");
            assertTrue(c.closedByServer());

            String id = queued.substring(queued.lastIndexOf(' ') + 1);
            String mail = Files.readString(dir.resolve("mail").resolve(id + ".eml"), StandardCharsets.UTF_8);
            assertTrue(mail.startsWith("Received: from example.com (unknown [127.0.0.1])\r\n"
                    + "\t(Authenticated sender: testuser)\r\n"
                    + "\tby foo.example.com (Postfix) with SMTP id " + id + "\r\n"
                    + "\tfor <validuser@validexternaldomain.tld>; "), mail);
            assertTrue(mail.endsWith("\r\nSubject: Test message\r\n\r\n"
                    + "Test message to ensure Postfix is only relaying with smtp authorization.\r\n"), mail);
        }
    }

    @Test
    void ehloAnnouncesAuthAndSize() throws Exception {
        try (SmtpClient c = connect()) {
            c.expect("EHLO example.com", String.join("\n",
                    "250-foo.example.com", "250-PIPELINING", "250-SIZE 10240000", "250-AUTH LOGIN PLAIN",
                    "250-ENHANCEDSTATUSCODES", "250 8BITMIME"));
        }
    }

    @Test
    void brokenSaslAuthClientsAddsAuthEquals() throws Exception {
        server.close();
        server = TestServers.start(TestServers.demo(dir.resolve("mail"), "broken_sasl_auth_clients = yes"));
        try (SmtpClient c = connect()) {
            c.send("EHLO example.com");
            String reply = c.reply();
            assertTrue(reply.contains("\n250-AUTH LOGIN PLAIN\n250-AUTH=LOGIN PLAIN\n"), reply);
        }
    }

    private SmtpClient ehlo() throws Exception {
        SmtpClient c = connect();
        c.send("EHLO example.com");
        assertTrue(c.reply().startsWith("250-foo.example.com"));
        return c;
    }

    @Test
    void plainWithInitialResponse() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void plainWithoutInitialResponse() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH PLAIN", "334 ");
            c.expect(b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void loginWithInitialResponse() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("auth login " + b64("testuser"), "334 UGFzc3dvcmQ6");
            c.expect(b64("secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void zeroLengthInitialResponseIsNotNoInitialResponse() throws Exception {
        try (SmtpClient c = ehlo()) {
            // RFC 4954: "=" is an empty initial response; Postfix + Cyrus answer both with 535.
            c.expect("AUTH PLAIN =", "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("AUTH LOGIN =", "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("NOOP", "250 2.0.0 Ok");
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void loginWithAnEmptyUserNameStillReadsThePasswordLine() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("", "334 UGFzc3dvcmQ6");
            // The password line is consumed by the exchange, never parsed as a command (502).
            c.expect(b64("secret"), "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("NOOP", "250 2.0.0 Ok");
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGet535() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0wrong"),
                    "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("AUTH PLAIN " + b64("\0nosuchuser\0secret"),
                    "535 5.7.8 Error: authentication failed: authentication failure");
            // Cyrus answers an empty authcid with 454 generic failure; jsasl with 535 on purpose.
            c.expect("AUTH PLAIN " + b64("\0\0secret"),
                    "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void theDemoRefusesRealmsItsQueryIgnores() throws Exception {
        try (SmtpClient c = ehlo()) {
            // demo smtpd.conf: realm_list: none, since its sql_select uses only %u.
            c.expect("AUTH PLAIN " + b64("\0testuser@anything.example\0secret"),
                    "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("AUTH LOGIN " + b64("testuser@anything.example"), "334 UGFzc3dvcmQ6");
            c.expect(b64("secret"), "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void mechanismNotOffered() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH CRAM-MD5", "535 5.7.8 Error: authentication failed: no mechanism available");
        }
    }

    @Test
    void starCancels() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("*", "501 5.7.0 Authentication aborted");
            c.expect("AUTH PLAIN", "334 ");
            c.expect("*", "501 5.7.0 Authentication aborted");
            c.expect("NOOP", "250 2.0.0 Ok");
        }
    }

    @Test
    void badBase64() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH PLAIN %%%", "501 5.5.2 Cannot decode AUTH initial response");
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("not base64!", "501 5.5.2 Cannot decode response");
        }
    }

    @Test
    void secondAuthIsRefused() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "503 5.5.1 Error: already authenticated");
        }
    }

    @Test
    void authBeforeHeloIsAccepted() throws Exception {
        try (SmtpClient c = connect()) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void relayNeedsAuthentication() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("MAIL FROM:<me@you.com>", "250 2.1.0 Ok");
            c.expect("RCPT TO:<someone@outside.example>", "554 5.7.1 <someone@outside.example>: Relay access denied");
            c.expect("RCPT TO:<postmaster@foo.example.com>", "250 2.1.5 Ok");
            c.expect("RSET", "250 2.0.0 Ok");
            c.expect("RCPT TO:<postmaster@foo.example.com>", "503 5.5.1 Error: need MAIL command");
        }
    }

    @Test
    void sizeLimitAndDotStuffing() throws Exception {
        try (SmtpClient c = ehlo()) {
            c.expect("MAIL FROM:<me@you.com> SIZE=20000000", "552 5.3.4 Message size exceeds fixed limit");
            c.expect("MAIL FROM:<me@you.com> SIZE=100", "250 2.1.0 Ok");
            c.expect("RCPT TO:<postmaster@localhost>", "250 2.1.5 Ok");
            c.expect("DATA", "354 End data with <CR><LF>.<CR><LF>");
            c.send("Subject: dots");
            c.send("");
            c.send("..leading dot");
            c.send(".");
            String queued = c.reply();
            String id = queued.substring(queued.lastIndexOf(' ') + 1);
            String mail = Files.readString(dir.resolve("mail").resolve(id + ".eml"), StandardCharsets.UTF_8);
            assertTrue(mail.endsWith("\r\n\r\n.leading dot\r\n"), mail);
            // Not authenticated: the header names no sender.
            assertTrue(!mail.contains("Authenticated sender"), mail);
        }
    }

    @Test
    void messageTooBig() throws Exception {
        server.close();
        server = TestServers.start(TestServers.demo(dir.resolve("mail"), "message_size_limit = 100"));
        try (SmtpClient c = ehlo()) {
            c.expect("MAIL FROM:<me@you.com>", "250 2.1.0 Ok");
            c.expect("RCPT TO:<postmaster@localhost>", "250 2.1.5 Ok");
            c.expect("DATA", "354 End data with <CR><LF>.<CR><LF>");
            for (int i = 0; i < 10; i++) {
                c.send("0123456789012345678901234567890123456789");
            }
            c.expect(".", "552 5.3.4 Error: message file too big");
            c.expect("NOOP", "250 2.0.0 Ok");
        }
    }

    @Test
    void unknownCommandAndQuit() throws Exception {
        try (SmtpClient c = connect()) {
            c.expect("VRFY root", "502 5.5.2 Error: command not recognized");
            c.expect("DATA", "503 5.5.1 Error: need RCPT command");
            c.expect("QUIT", "221 2.0.0 Bye");
            assertTrue(c.closedByServer());
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> none = files.filter(p -> p.getFileName().toString().equals("mail")).collect(Collectors.toList());
            assertTrue(none.isEmpty(), "no mail, no folder");
        }
    }
}
