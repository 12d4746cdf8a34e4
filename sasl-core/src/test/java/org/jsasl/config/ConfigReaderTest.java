package org.jsasl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    private static final Path FILE = Path.of("/etc/sasl2/smtpd.conf");

    private static SaslConfig parse(String text) throws ConfigException {
        return ConfigReader.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigException refused(String text) {
        return assertThrows(ConfigException.class, () -> parse(text));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws Exception {
        SaslConfig c = parse("# comment\n\n   \n\t# indented comment\nmech_list: PLAIN\n");
        assertEquals(List.of(new ConfigEntry("mech_list", "PLAIN", 5)), c.entries());
    }

    @Test
    void whiteSpaceAroundValueIsDroppedAndInnerKept() throws Exception {
        SaslConfig c = parse("a:value\nb:   spaced   value  \t\nc: x\r\n  d: indented key\n");
        assertEquals(Optional.of("value"), c.get("a"));
        assertEquals(Optional.of("spaced   value"), c.get("b"));
        assertEquals(Optional.of("x"), c.get("c"), "CRLF line end");
        assertEquals(Optional.of("indented key"), c.get("d"));
    }

    @Test
    void keysAreLowerCasedValuesKeepCase() throws Exception {
        SaslConfig c = parse("MECH_LIST: Login Plain\n");
        assertEquals(Optional.of("Login Plain"), c.get("mech_list"));
    }

    @Test
    void hashQuotesAndPercentInsideValueAreLiteral() throws Exception {
        SaslConfig c = parse("sql_select: SELECT p FROM t WHERE u='%u' # not a comment\n");
        assertEquals(Optional.of("SELECT p FROM t WHERE u='%u' # not a comment"), c.get("sql_select"));
    }

    @Test
    void firstDuplicateWins() throws Exception {
        SaslConfig c = parse("log_level: 3\nlog_level: 7\n");
        assertEquals(Optional.of("3"), c.get("log_level"));
        assertEquals(2, c.entries().size(), "the later duplicate is kept but never read");
    }

    @Test
    void unknownKeysAreKeptForPlugins() throws Exception {
        SaslConfig c = parse("my_plugin_option: 42\n");
        assertEquals(Optional.of("42"), c.get("my_plugin_option"));
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws Exception {
        assertEquals(Optional.of("PLAIN"), parse("mech_list: PLAIN").get("mech_list"));
    }

    @Test
    void spaceBeforeColonIsAnErrorNamingFileLineAndKey() {
        ConfigException e = refused("# first\nmech_list : PLAIN\n");
        assertEquals(2, e.line());
        assertEquals("mech_list", e.key());
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith("/etc/sasl2/smtpd.conf:2: mech_list: expected ':'"), e.getMessage());
    }

    @Test
    void equalsSignInsteadOfColonIsAnError() {
        assertEquals("pwcheck_method", refused("pwcheck_method=auxprop\n").key());
    }

    @Test
    void lineWithoutColonIsAnError() {
        ConfigException e = refused("mech_list: PLAIN\njustaword\n");
        assertEquals(2, e.line());
        assertEquals("justaword", e.key());
    }

    @Test
    void dottedKeyIsAnError() {
        assertEquals("key", refused("key.x: v\n").key());
    }

    @Test
    void emptyValueIsAnError() {
        ConfigException e = refused("log_level:   \n");
        assertEquals("log_level", e.key());
        assertTrue(e.getMessage().contains("empty value"), e.getMessage());
    }

    @Test
    void lineStartingWithColonHasNoKey() {
        ConfigException e = refused(": value\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("expected 'key: value'"), e.getMessage());
    }

    @Test
    void nulByteIsAnError() {
        assertTrue(refused("a: b\u0000c\n").getMessage().contains("NUL"));
        assertTrue(refused("\u0000\n").getMessage().contains("NUL"));
    }

    @Test
    void invalidUtf8IsAnError() {
        byte[] bad = {'a', ':', ' ', (byte) 0xff, '\n'};
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(FILE, bad));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void lineOf4095BytesIsReadWhole() throws Exception {
        String value = "x".repeat(4095 - "k: ".length());
        assertEquals(Optional.of(value), parse("k: " + value + "\n").get("k"));
    }

    @Test
    void lineOf4096BytesIsRefusedInsteadOfSplitAsCyrusDoes() {
        String value = "x".repeat(4096 - "k: ".length());
        ConfigException e = refused("k: " + value + "\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("4096 bytes long"), e.getMessage());
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("smtpd.conf");
        Files.writeString(f, "mech_list: PLAIN\nbroken\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: broken:"), e.getMessage());
    }

    @Test
    void unreadableFileIsAConfigError(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(dir.resolve("missing.conf")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void oversizedFileIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.conf");
        Files.write(f, new byte[ConfigReader.MAX_FILE_BYTES + 1]);
        assertTrue(assertThrows(ConfigException.class, () -> ConfigReader.read(f)).getMessage().contains("larger"));
    }

    @Test
    void toStringShowsKeysButNeverValues() throws Exception {
        SaslConfig c = parse("sql_passwd: s3cr3t\n");
        assertTrue(c.toString().contains("sql_passwd"));
        assertTrue(!c.toString().contains("s3cr3t") && !c.entries().get(0).toString().contains("s3cr3t"));
    }

    @Test
    void typedGetters() throws Exception {
        SaslConfig c = parse("sql_usessl: yes\nother: off\nlog_level: 5\nbad_level: five\nmech_list:  LOGIN   PLAIN \n");
        assertTrue(c.flag("sql_usessl", false));
        assertTrue(!c.flag("other", true));
        assertTrue(c.flag("absent", true));
        assertEquals(5, c.integer("log_level", 1, 0, 7));
        assertEquals(1, c.integer("absent", 1, 0, 7));
        assertEquals(List.of("LOGIN", "PLAIN"), c.words("mech_list"));
        ConfigException e = assertThrows(ConfigException.class, () -> c.integer("bad_level", 1, 0, 7));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("'five'"));
    }
}
