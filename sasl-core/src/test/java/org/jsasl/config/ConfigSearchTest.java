package org.jsasl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSearchTest {

    @Test
    void firstDirectoryHoldingTheFileWinsAndFilesAreNotMerged(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Path c = Files.createDirectory(tmp.resolve("c"));
        Files.writeString(b.resolve("smtpd.conf"), "mech_list: LOGIN\n");
        Files.writeString(c.resolve("smtpd.conf"), "mech_list: PLAIN\nlog_level: 7\n");
        assertEquals(Optional.of(b.resolve("smtpd.conf")), ConfigSearch.find("smtpd", List.of(a, b, c)));
        SaslConfig config = ConfigSearch.load("smtpd", List.of(a, b, c));
        assertEquals(Optional.of("LOGIN"), config.get("mech_list"));
        assertEquals(Optional.empty(), config.get("log_level"));
    }

    @Test
    void unreadableEntryIsSkippedWithAWarning(@TempDir Path tmp) throws Exception {
        // Root reads any file whatever its mode, so the unreadable "file" is a directory.
        Path a = Files.createDirectory(tmp.resolve("a"));
        Files.createDirectory(a.resolve("smtpd.conf"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Files.writeString(b.resolve("smtpd.conf"), "mech_list: LOGIN\n");
        try (LogCapture log = new LogCapture()) {
            assertEquals(Optional.of(b.resolve("smtpd.conf")), ConfigSearch.find("smtpd", List.of(a, b)));
            assertTrue(log.text().contains(a.resolve("smtpd.conf") + ": exists but is not a readable file"), log.text());
        }
    }

    @Test
    void noFileMeansDefaults(@TempDir Path tmp) throws Exception {
        assertSame(SaslConfig.EMPTY, ConfigSearch.load("smtpd", List.of(tmp)));
    }

    @Test
    void pathIsColonSeparatedAndAnEmptyElementIsTheRoot() {
        assertEquals(List.of(Path.of("/usr/lib/sasl2"), Path.of("/etc/sasl2")), ConfigSearch.parsePath("/usr/lib/sasl2:/etc/sasl2"));
        assertEquals(List.of(Path.of("/"), Path.of("/etc")), ConfigSearch.parsePath(":/etc"));
        assertEquals(ConfigSearch.parsePath(ConfigSearch.DEFAULT_PATH).size(), 2);
    }

    @Test
    void appNameThatIsNoFileNameIsRefused() {
        assertThrows(ConfigException.class, () -> ConfigSearch.find("../etc/passwd", List.of(Path.of("/tmp"))));
        assertThrows(ConfigException.class, () -> ConfigSearch.find("", List.of(Path.of("/tmp"))));
        assertThrows(ConfigException.class, () -> ConfigSearch.find("x".repeat(4096), List.of(Path.of("/tmp"))));
    }
}
