package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every AUTH that does not succeed leaves exactly one warning line in Postfix's shape, read from
 * the server's real log output: {@code authentication failed} for each 535 (what fail2ban
 * counts), {@code authentication unavailable} for a 454 and {@code authentication aborted} for a
 * 501 or 500 (which it must not count), never a password or its base64, and nothing for a success.
 */
@Timeout(30)
class FailedAuthLogLineTest {

    private static final String PREFIX = " - warning: unknown[127.0.0.1]: SASL ";
    private static final String FAILURE = "535 5.7.8 Error: authentication failed: authentication failure";

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static SmtpClient connect(SmtpServer server) throws Exception {
        SmtpClient c = new SmtpClient(server.address());
        assertTrue(c.reply().startsWith("220 "));
        c.expect("HELO example.com", "250 foo.example.com");
        return c;
    }

    /** The one line about SASL in the log, which must be a WARN line ending in {@code text}. */
    private static void assertOneLine(StandardErrorCapture log, String text) {
        List<String> sasl = log.linesWith("SASL ");
        assertEquals(1, sasl.size(), () -> "expected one SASL line, got " + sasl);
        assertTrue(sasl.get(0).contains("WARN ") && sasl.get(0).endsWith(PREFIX + text),
                () -> "expected '..." + PREFIX + text + "', got " + sasl.get(0));
    }

    @Test
    void wrongPasswordWithPlain() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0wrong-pw"), FAILURE);
            assertOneLine(log, "PLAIN authentication failed: authentication failure");
            log.lines().forEach(l -> assertFalse(l.contains("wrong-pw") || l.contains(b64("\0testuser\0wrong-pw")), l));
        }
    }

    @Test
    void unknownUserWithLogin() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect(b64("nosuchuser"), "334 UGFzc3dvcmQ6");
            c.expect(b64("guess-pw"), FAILURE);
            assertOneLine(log, "LOGIN authentication failed: authentication failure");
            log.lines().forEach(l -> assertFalse(l.contains("guess-pw") || l.contains(b64("guess-pw")), l));
        }
    }

    @Test
    void malformedMessage() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH plain " + b64("no-nul-at-all"), FAILURE);
            assertOneLine(log, "PLAIN authentication failed: authentication failure");
        }
    }

    @Test
    void mechanismNotOffered() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH CRAM-MD5", "535 5.7.8 Error: authentication failed: no mechanism available");
            assertOneLine(log, "CRAM-MD5 authentication failed: no mechanism available");
        }
    }

    /** The client names the mechanism: its text cannot add a line or move the address fail2ban reads. */
    @Test
    void mechanismNameIsMadePrintable() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH x]:\rwarning:[192.0.2.9]:_SASL_PLAIN_authentication",
                    "535 5.7.8 Error: authentication failed: no mechanism available");
            assertOneLine(log, "X???WARNING??192?0?2 authentication failed: no mechanism available");
        }
    }

    @Test
    void cancelIsAbortedNotFailed() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("*", "501 5.7.0 Authentication aborted");
            assertOneLine(log, "LOGIN authentication aborted");
        }
    }

    @Test
    void undecodableResponseIsAbortedNotFailed() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("%%%", "501 5.5.2 Cannot decode response");
            assertOneLine(log, "LOGIN authentication aborted: cannot decode response");
        }
    }

    @Test
    void backendDownIsUnavailableNotFailed() throws Exception {
        Path conf = TestServers.missingDatabaseConfig(dir, "sasl");
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "cyrus_sasl_config_path = " + conf));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"),
                    "454 4.7.0 Temporary authentication failure: generic failure");
            List<String> sasl = log.linesWith("SASL ");
            assertEquals(1, sasl.size(), sasl::toString);
            assertTrue(sasl.get(0).contains(PREFIX + "PLAIN authentication unavailable: "), sasl.get(0));
            assertFalse(sasl.get(0).contains("secret"), sasl.get(0));
        }
    }

    @Test
    void successLogsNoSaslLine() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir));
                StandardErrorCapture log = new StandardErrorCapture();
                SmtpClient c = connect(server)) {
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
            c.expect("QUIT", "221 2.0.0 Bye");
            assertEquals(List.of(), log.linesWith("SASL "));
        }
    }
}
