package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second demo (examples/conf/authdaemond, the seed's authdaemond smtpd.conf) through the SMTP
 * server, against the real courier authdaemond of scripts/services (skipped when it is not running):
 * a copy of the demo's smtpd.conf with only authdaemond_path pointed at the test daemon's socket.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuthdaemondSmtpTest {

    private static final Path DEMO = TestServers.CONF.resolve("authdaemond");

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private MainCf config() throws Exception {
        Path socket = TestDaemons.authdaemondSocket();
        String demo = Files.readString(DEMO.resolve("smtpd.conf"), StandardCharsets.UTF_8);
        assertTrue(demo.contains("\nauthdaemond_path: /var/lib/courier/authdaemon/socket\n"), demo);
        Path conf = Files.createDirectories(dir.resolve("sasl"));
        Files.writeString(conf.resolve("smtpd.conf"), demo.replace(
                "\nauthdaemond_path: /var/lib/courier/authdaemon/socket\n", "\nauthdaemond_path: " + socket + "\n"));
        return TestServers.demo(dir.resolve("mail"), "cyrus_sasl_config_path = " + conf);
    }

    private static void login(SmtpClient c, String user, String password, String reply) throws Exception {
        c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
        c.expect(b64(user), "334 UGFzc3dvcmQ6");
        c.expect(b64(password), reply);
    }

    @Test
    void loginAgainstTheRealDaemon() throws Exception {
        try (SmtpServer server = TestServers.start(config()); SmtpClient c = new SmtpClient(server.address())) {
            assertEquals("220 foo.example.com ESMTP Postfix", c.reply());
            c.expect("HELO example.com", "250 foo.example.com");
            login(c, "alice", "wrong-secret", "535 5.7.8 Error: authentication failed: authentication failure");
            login(c, "alice", "alice-secret", "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void daemonStoppedGives454AndRecovers() throws Exception {
        MainCf cf = config();
        try (SmtpServer server = TestServers.start(cf)) {
            TestDaemons.stopAuthdaemond();
            try (SmtpClient c = new SmtpClient(server.address())) {
                c.reply();
                c.expect("HELO example.com", "250 foo.example.com");
                c.send("AUTH LOGIN");
                assertEquals("334 VXNlcm5hbWU6", c.reply());
                c.expect(b64("alice"), "334 UGFzc3dvcmQ6");
                c.send(b64("alice-secret"));
                String reply = c.reply();
                assertTrue(reply.startsWith("454 4.7.0 Temporary authentication failure"), reply);
            } finally {
                TestDaemons.resumeAuthdaemond();
            }
            try (SmtpClient c = new SmtpClient(server.address())) {
                c.reply();
                c.expect("HELO example.com", "250 foo.example.com");
                login(c, "alice", "alice-secret", "235 2.7.0 Authentication successful");
            }
        }
    }
}
