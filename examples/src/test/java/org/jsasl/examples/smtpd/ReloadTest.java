package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SmtpServer#reload()} as SIGHUP runs it: sessions after it see the reread smtpd.conf, a
 * session already running finishes on the configuration it started with, and a file that no
 * longer loads keeps the running one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadTest {

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path saslDir(String mechList) throws Exception {
        Path sasl = Files.createDirectories(dir.resolve("sasl"));
        Files.copy(TestServers.CONF.resolve("demo.sqlite"), sasl.resolve("demo.sqlite"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        writeMechList(sasl, mechList);
        return sasl;
    }

    private static void writeMechList(Path sasl, String mechList) throws Exception {
        String demo = Files.readString(TestServers.CONF.resolve("smtpd.conf"));
        Files.writeString(sasl.resolve("smtpd.conf"), demo.replace("mech_list: LOGIN PLAIN", "mech_list: " + mechList));
    }

    @Test
    void newSessionsGetTheRereadFileAndARunningOneKeepsItsOwn() throws Exception {
        Path sasl = saslDir("LOGIN PLAIN");
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail"), "cyrus_sasl_config_path = " + sasl));
                SmtpClient running = new SmtpClient(server.address())) {
            running.reply();
            running.send("EHLO example.com");
            assertTrue(running.reply().contains("250-AUTH LOGIN PLAIN"));

            writeMechList(sasl, "PLAIN");
            assertTrue(server.reload());
            try (SmtpClient fresh = new SmtpClient(server.address())) {
                fresh.reply();
                fresh.send("EHLO example.com");
                String ehlo = fresh.reply();
                assertTrue(ehlo.contains("250-AUTH PLAIN") && !ehlo.contains("LOGIN"), ehlo);
                fresh.send("AUTH LOGIN");
                String refused = fresh.reply();
                assertTrue(refused.startsWith("535 5.7.8 Error: authentication failed"), refused);
                fresh.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
            }
            // The session from before the reload still offers and runs LOGIN, on its own database pool.
            running.expect("AUTH LOGIN", "334 VXNlcm5hbWU6");
            running.expect(b64("testuser"), "334 UGFzc3dvcmQ6");
            running.expect(b64("secret"), "235 2.7.0 Authentication successful");
        }
    }

    @Test
    void aFileThatNoLongerLoadsKeepsTheRunningConfiguration() throws Exception {
        Path sasl = saslDir("LOGIN PLAIN");
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail"), "cyrus_sasl_config_path = " + sasl))) {
            Files.writeString(sasl.resolve("smtpd.conf"), "log_level: eleven\n");
            assertFalse(server.reload());
            try (SmtpClient c = new SmtpClient(server.address())) {
                c.reply();
                c.send("EHLO example.com");
                assertTrue(c.reply().contains("250-AUTH LOGIN PLAIN"));
                c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
            }
        }
    }
}
