package org.jsasl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jsasl.server.ServerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): arbitrary bytes as an {@code smtpd.conf}, read as an application reads it
 * ({@link ServerContext#load}: {@link ConfigReader#read}, compatibility rewriting, every plugin's
 * options). The contract: a usable context, or a {@link ConfigException} that names this file, names
 * a line that exists when it names one (always for a syntax error), names the line of the key it
 * blames when that key is in the file, and shows no value of a password option; nothing else
 * escapes. Only the core plugins and the test ones (memory auxprop, testusers) are on this class
 * path, so no fuzzed file can make the target open a socket. Regression inputs:
 * {@code src/test/resources/org/jsasl/config/ConfigReaderFuzzTestInputs/}.
 */
class ConfigReaderFuzzTest {

    static Path dir;
    static Path file;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("jsasl-config-fuzz");
        file = dir.resolve("smtpd.conf");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void smtpdConf(byte[] content) throws Exception {
        Files.write(file, content);
        // The same bytes parsed without plugins: tells a syntax error from an option error, and
        // where each key is.
        SaslConfig raw;
        try {
            raw = ConfigReader.parse(file, content);
        } catch (ConfigException e) {
            raw = null;
        }
        try (ServerContext ctx = ServerContext.load(file)) {
            assertNotNull(raw, "a file that does not parse never makes a context");
            assertNotNull(ctx.config());
            assertNotNull(ctx.failureDelay());
        } catch (ConfigException e) {
            String message = e.getMessage();
            assertEquals(file, e.file(), "the exception names the file read");
            assertTrue(message.startsWith(file.toString()), "the message starts with the file: " + message);
            int lines = lineCount(content);
            if (e.line() > 0) {
                assertTrue(e.line() <= lines, "line " + e.line() + " of " + lines);
                assertTrue(message.startsWith(file + ":" + e.line() + ":"), "the message names the line: " + message);
            } else if (raw == null && content.length <= ConfigReader.MAX_FILE_BYTES) {
                fail("a syntax error names its line: " + message);
            }
            if (raw != null && e.key() != null && raw.entry(e.key()).isPresent()) {
                assertEquals(raw.entry(e.key()).get().line(), e.line(),
                        "the error about " + e.key() + " names its line: " + message);
            }
            if (raw != null) {
                for (ConfigEntry entry : raw.entries()) {
                    // A value written elsewhere in the file too may be shown for that other key (a
                    // finding: "au$password" as pwcheck_method and "$password" as sql_passwd).
                    if (isSecret(entry.key()) && entry.value().length() >= 8
                            && message.contains(entry.value()) && !file.toString().contains(entry.value())
                            && occurrences(new String(content, StandardCharsets.UTF_8), entry.value()) == 1
                            && showsReplacedValue(new String(content, StandardCharsets.UTF_8), entry.value())) {
                        fail("the message shows the value of " + entry.key());
                    }
                }
            }
        }
    }

    /**
     * Options whose values are secrets (sql_passwd and the like). Not every key with "passw" in it:
     * password_format's value (plain, crypt, ...) is no secret and is rightly shown when it is wrong
     * (the first fuzzing run's finding, kept in ConfigFuzzFindingsTest).
     */
    static boolean isSecret(String key) {
        return key.endsWith("passwd") || key.endsWith("_pw") || key.endsWith("_secret");
    }

    /**
     * Whether the message really carries the secret: with the value replaced by a marker, the marker
     * shows. Not so when the value is a word of the message's own text (a finding: sql_passwd
     * "password" and a message that speaks of passwords).
     */
    static boolean showsReplacedValue(String text, String value) throws Exception {
        String marker = "\u2603" + "m4rk3r".repeat(Math.max(1, value.length() / 6 + 1)) + "\u2603";
        Files.writeString(file, text.replace(value, marker), StandardCharsets.UTF_8);
        try (ServerContext ctx = ServerContext.load(file)) {
            return false;
        } catch (ConfigException e) {
            return e.getMessage().contains(marker);
        }
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static int lineCount(byte[] content) {
        int lines = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n' || i == content.length - 1) {
                lines++;
            }
        }
        return lines;
    }
}
