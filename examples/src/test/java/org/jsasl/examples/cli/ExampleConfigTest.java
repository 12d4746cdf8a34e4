package org.jsasl.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default example configuration (the seed's SQL smtpd.conf on the embedded SQLite demo database) works as the README shows. */
class ExampleConfigTest {

    /** Maven runs tests in the module directory; the configuration is examples/conf. */
    private static final Path CONF = Path.of("conf", "smtpd.conf").toAbsolutePath();

    @Test
    void demoUsersOfEveryHashFormatAuthenticate() {
        CliResult.run("secret\n", "check", "--config", CONF.toString(), "testuser").assertVerdict("OK", 0);
        CliResult.run("bob-pw\n", "check", "--config", CONF.toString(), "--mech", "LOGIN", "bob").assertVerdict("OK", 0);
        CliResult.run("alice-pw\n", "check", "--config", CONF.toString(), "alice").assertVerdict("OK", 0);
    }

    @Test
    void wrongPasswordAndInactiveUserAreRefused() {
        CliResult.run("wrong\n", "check", "--config", CONF.toString(), "testuser")
                .assertVerdict("NO: PLAIN: authentication failed", 1);
        CliResult.run("carol-pw\n", "check", "--config", CONF.toString(), "carol")
                .assertVerdict("NO: PLAIN: authentication failed", 1);
    }

    @Test
    void aMissingDatabaseFileIsATemporaryFailure(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, Files.readString(CONF).replace("demo.sqlite", "missing.sqlite"));
        CliResult r = CliResult.run("secret\n", "check", "--config", conf.toString(), "testuser");
        org.junit.jupiter.api.Assertions.assertEquals(2, r.exit(), r::toString);
        org.junit.jupiter.api.Assertions.assertTrue(r.out().startsWith("TEMPFAIL: "), r::toString);
    }

    @Test
    void listsTheSeedsMechanismsInItsOrder() {
        CliResult r = CliResult.run("", "mechs", "--config", CONF.toString());
        org.junit.jupiter.api.Assertions.assertEquals("LOGIN\nPLAIN\n", r.out().replace(System.lineSeparator(), "\n"));
    }
}
