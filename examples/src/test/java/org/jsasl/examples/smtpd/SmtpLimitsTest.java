package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The limits that keep one client from hurting the server or the others, and an unavailable backend. */
@Timeout(30)
class SmtpLimitsTest {

    private static final String PLAIN_OK = "AUTH PLAIN "
            + Base64.getEncoder().encodeToString("\0testuser\0secret".getBytes(StandardCharsets.UTF_8));
    private static final String PLAIN_WRONG = "AUTH PLAIN "
            + Base64.getEncoder().encodeToString("\0testuser\0wrong".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private static SmtpClient connect(SmtpServer server) throws Exception {
        SmtpClient c = new SmtpClient(server.address());
        assertTrue(c.reply().startsWith("220 "));
        return c;
    }

    @Test
    void overlongLineIsRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "line_length_limit = 100"));
                SmtpClient c = connect(server)) {
            c.expect("NOOP " + "x".repeat(5000), "500 5.5.2 Error: line too long");
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("A".repeat(200), "500 5.5.6 Authentication exchange line is too long");
            c.expect(PLAIN_OK, "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void idleClientIsDisconnected() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "smtpd_timeout = 1s"));
                SmtpClient c = connect(server)) {
            long start = System.nanoTime();
            assertEquals("421 4.4.2 foo.example.com Error: timeout exceeded", c.reply());
            assertTrue(c.closedByServer());
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void failedAuthCapCloses() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "jsasl_auth_failure_limit = 2"));
                SmtpClient c = connect(server)) {
            c.expect(PLAIN_WRONG, "535 5.7.8 Error: authentication failed: authentication failure");
            c.expect(PLAIN_WRONG, "535 5.7.8 Error: authentication failed: authentication failure");
            assertEquals("421 4.7.0 foo.example.com Error: too many failed authentications", c.reply());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void commandCapCloses() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "jsasl_command_limit = 3"));
                SmtpClient c = connect(server)) {
            c.expect("NOOP", "250 2.0.0 Ok");
            c.expect("NOOP", "250 2.0.0 Ok");
            c.expect("NOOP", "250 2.0.0 Ok");
            c.expect("NOOP", "421 4.7.0 foo.example.com Error: too many commands");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void connectionCapRefusesWith421() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir, "jsasl_max_connections = 2"));
                SmtpClient a = connect(server);
                SmtpClient b = connect(server);
                SmtpClient c = new SmtpClient(server.address())) {
            assertEquals("421 4.7.0 foo.example.com Error: too many connections", c.reply());
            assertTrue(c.closedByServer());
            a.expect("QUIT", "221 2.0.0 Bye");
            assertTrue(a.closedByServer());
            // The freed slot is usable again (the worker releases it right after closing).
            SmtpClient d = null;
            for (int i = 0; i < 50 && d == null; i++) {
                SmtpClient t = new SmtpClient(server.address());
                if (t.reply().startsWith("220 ")) {
                    d = t;
                } else {
                    t.close();
                    Thread.sleep(20);
                }
            }
            try (SmtpClient e = d) {
                e.expect(PLAIN_OK, "235 2.7.0 Authentication successful");
            }
        }
    }

    @Test
    void manyIdleConnectionsDoNotStopANewClient() throws Exception {
        List<SmtpClient> idle = new ArrayList<>();
        try (SmtpServer server = TestServers.start(TestServers.demo(dir))) {
            try {
                for (int i = 0; i < 60; i++) {
                    idle.add(connect(server));
                }
                try (SmtpClient c = connect(server)) {
                    c.expect(PLAIN_OK, "235 2.7.0 Authentication successful");
                }
            } finally {
                for (SmtpClient c : idle) {
                    c.close();
                }
            }
        }
    }

    @Test
    void backendDownGives454() throws Exception {
        Path conf = TestServers.missingDatabaseConfig(dir, "sasl");
        MainCf cf = TestServers.demo(dir, "cyrus_sasl_config_path = " + conf);
        try (SmtpServer server = TestServers.start(cf); SmtpClient c = connect(server)) {
            c.expect(PLAIN_OK, "454 4.7.0 Temporary authentication failure: generic failure");
            c.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.expect("dGVzdHVzZXI=", "334 UGFzc3dvcmQ6");
            c.expect("c2VjcmV0", "454 4.7.0 Temporary authentication failure: generic failure");
        }
    }
}
