package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jsasl_failure_delay} in the example smtpd: a 535 comes no sooner than the delay, a 454 and a 235 do not wait for it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureDelaySmtpTest {

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedAuthIsAnsweredAfterTheDelay() throws Exception {
        Path sasl = Files.createDirectories(dir.resolve("sasl"));
        Files.copy(TestServers.CONF.resolve("demo.sqlite"), sasl.resolve("demo.sqlite"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(sasl.resolve("smtpd.conf"), Files.readString(TestServers.CONF.resolve("smtpd.conf"))
                + "jsasl_failure_delay: 1200\n");
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail"), "cyrus_sasl_config_path = " + sasl));
                SmtpClient c = new SmtpClient(server.address())) {
            c.reply();
            c.send("EHLO example.com");
            c.reply();
            long sent = System.nanoTime();
            c.expect("AUTH PLAIN " + b64("\0testuser\0wrong"), "535 5.7.8 Error: authentication failed: authentication failure");
            assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(1200), "answered before the delay");
            c.expect("AUTH PLAIN " + b64("\0testuser\0secret"), "235 2.7.0 Authentication successful");
        }
    }
}
