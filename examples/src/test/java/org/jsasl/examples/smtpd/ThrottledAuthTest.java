package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jsasl_throttle: local in the example smtpd: after the limit of wrong passwords, AUTH is answered
 * 454 4.7.0 "too many failures, try later", with the right password too, and a new connection from
 * the same address is refused the same way.
 */
@Timeout(30)
class ThrottledAuthTest {

    private static final String FAILURE = "535 5.7.8 Error: authentication failed: authentication failure";
    private static final String THROTTLED = "454 4.7.0 Temporary authentication failure: too many failures, try later";

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

    /** The demo smtpd.conf (on the demo SQLite file) with a throttle of two failures per address. */
    private Path throttledConfig() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("sasl"));
        Files.writeString(conf.resolve("smtpd.conf"), String.join("\n",
                "pwcheck_method: auxprop",
                "auxprop_plugin: sql",
                "password_format: crypt",
                "mech_list: LOGIN PLAIN",
                "sql_engine: sqlite3",
                "sql_database: " + TestServers.CONF.resolve("demo.sqlite"),
                "sql_select: SELECT password FROM mailbox WHERE local_part='%u' AND active='1'",
                "realm_list: none",
                "jsasl_throttle: local",
                "jsasl_throttle_user_failures: 5",
                "jsasl_throttle_address_failures: 2",
                "jsasl_throttle_window: 10m", ""));
        return conf;
    }

    @Test
    void overTheLimitTheRightPasswordGetsA454TooManyFailures() throws Exception {
        Path conf = throttledConfig();
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "cyrus_sasl_config_path = " + conf))) {
            try (SmtpClient c = connect(server)) {
                c.expect("AUTH PLAIN " + b64("\0testuser\0wrong-1"), FAILURE);
                c.expect("AUTH PLAIN " + b64("\0nosuchuser\0wrong-2"), FAILURE);
                c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), THROTTLED);
            }
            try (SmtpClient c = connect(server)) {
                c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
                c.expect(b64("testuser"), "334 UGFzc3dvcmQ6");
                c.expect(b64("secret"), THROTTLED);
            }
        }
    }
}
