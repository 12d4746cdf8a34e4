package org.jsasl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsasl.server.ServerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ConfigReaderFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
class ConfigFuzzFindingsTest {

    @TempDir
    Path dir;

    /**
     * Finding 1 (not a product bug: the target's leak check took every key with "passw" for a
     * secret): a wrong password_format names the file, the line and the key, and shows the value,
     * which is a format name and no secret.
     */
    @Test
    void aWrongPasswordFormatNamesFileLineAndKeyAndShowsTheValue() throws Exception {
        Path file = dir.resolve("smtpd.conf");
        Files.write(file, ("sasl_pwchpassword_formateck_method: auxprop\nsasl_auxprop_plugin: memory\n"
                + "memory_userpassword: u=p\npassword_format: c='%u' AND active='1'\n").getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> ServerContext.load(file).close());
        assertEquals(file, e.file());
        assertEquals(4, e.line());
        assertEquals("password_format", e.key());
        assertTrue(e.getMessage().startsWith(file + ":4: password_format: "), e.getMessage());
    }

    /**
     * Finding 2 (not a product bug: the leak check did not see the same text elsewhere in the file):
     * an unknown pwcheck_method is shown as written ("au$password"), and that shows "$password", the
     * sql_passwd of the same file; the message is about pwcheck_method's own value.
     */
    @Test
    void anUnknownPwcheckMethodIsShownAsWrittenAndNothingOfSqlPasswd() throws Exception {
        Path file = dir.resolve("smtpd.conf");
        Files.write(file, "sasl_pwcheck_method: au$password\nsql_passwd: s3cr3t-pa55\n".getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> ServerContext.load(file).close());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("au$password"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-pa55"), e.getMessage());
    }

    /**
     * Finding 3 (not a product bug: the leak check took a word of the message for the secret): with
     * sql_passwd "password", the message about an unknown pwcheck_method says "password" in its own
     * words; another value in its place shows nowhere.
     */
    @Test
    void aSecretThatIsAWordOfTheMessageIsNotShown() throws Exception {
        Path file = dir.resolve("smtpd.conf");
        Files.write(file, "sasl_pwcheck_method: au$passwrrd\nsql_passwd: password\n".getBytes(StandardCharsets.UTF_8));
        String shown = assertThrows(ConfigException.class, () -> ServerContext.load(file).close()).getMessage();
        Files.write(file, "sasl_pwcheck_method: au$passwrrd\nsql_passwd: zq-unique-9\n".getBytes(StandardCharsets.UTF_8));
        String other = assertThrows(ConfigException.class, () -> ServerContext.load(file).close()).getMessage();
        assertFalse(other.contains("zq-unique-9"), other);
        assertEquals(shown, other, "the message does not depend on sql_passwd");
    }
}
