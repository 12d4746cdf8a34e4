package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jsasl smtpd}'s usage errors (the running server is tested in org.jsasl.examples.smtpd). */
class SmtpdCommandTest {

    @TempDir
    Path dir;

    @Test
    void missingMainCfIsAUsageError() {
        CliResult r = CliResult.run("", "smtpd", "--config", dir.toString());
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("no main.cf in"), r::toString);
    }

    @Test
    void badListenAddressIsAUsageError() {
        CliResult r = CliResult.run("", "smtpd", "--config", "conf", "--listen", "127.0.0.1");
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("--listen needs HOST:PORT"), r::toString);
    }

    @Test
    void badMainCfValueNamesTheKey() throws Exception {
        Files.writeString(dir.resolve("main.cf"), "smtpd_sasl_security_options = nosuchoption\n"
                + "smtpd_sasl_auth_enable = yes\ncyrus_sasl_config_path = " + Path.of("conf").toAbsolutePath() + "\n");
        CliResult r = CliResult.run("", "smtpd", "--config", dir.toString(), "--listen", "127.0.0.1:0");
        assertEquals(64, r.exit());
        assertTrue(r.err().contains("smtpd_sasl_security_options"), r::toString);
    }

    @Test
    void helpListsSmtpd() {
        assertTrue(CliResult.run("", "--help").out().contains("  smtpd [--config DIR] [--listen HOST:PORT]"));
    }
}
