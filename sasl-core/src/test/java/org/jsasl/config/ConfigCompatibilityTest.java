package org.jsasl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;

class ConfigCompatibilityTest {

    private static SaslConfig read(String name, String text) throws ConfigException {
        return ConfigCompatibility.apply(ConfigReader.parse(Path.of(name), text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void saslPrefixedKeyIsReadAsTheUnprefixedOne() throws Exception {
        SaslConfig c = read("prefix.conf", "sasl_pwcheck_method: saslauthd\n");
        assertEquals(Optional.of("saslauthd"), c.get("pwcheck_method"));
    }

    @Test
    void unprefixedKeyWinsOverPrefixedWhereverItStands() throws Exception {
        SaslConfig c = read("both.conf", "sasl_pwcheck_method: saslauthd\npwcheck_method: auxprop\n");
        assertEquals(Optional.of("auxprop"), c.get("pwcheck_method"));
    }

    @Test
    void authdaemonPathFromCyrusDocsIsTakenForAuthdaemondPath() throws Exception {
        SaslConfig c = read("docs.conf", "authdaemon_path: /run/courier/socket\n");
        assertEquals(Optional.of("/run/courier/socket"), c.get("authdaemond_path"));
        SaslConfig both = read("docs2.conf", "authdaemon_path: /a\nauthdaemond_path: /b\n");
        assertEquals(Optional.of("/b"), both.get("authdaemond_path"));
    }

    @Test
    void engineNameAsAuxpropPluginMeansSqlWithThatEngine() throws Exception {
        SaslConfig c = read("engine.conf", "auxprop_plugin: PgSQL\n");
        assertEquals(Optional.of("sql"), c.get("auxprop_plugin"));
        assertEquals(Optional.of("pgsql"), c.get("sql_engine"));
        SaslConfig list = read("engine2.conf", "auxprop_plugin: memory mysql\nsql_engine: mysql\n");
        assertEquals(Optional.of("memory sql"), list.get("auxprop_plugin"));
    }

    @Test
    void conflictingEnginesAreAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> read("clash.conf", "sql_engine: mysql\nauxprop_plugin: pgsql\n"));
        assertEquals(2, e.line());
        assertEquals("auxprop_plugin", e.key());
        assertThrows(ConfigException.class, () -> read("two.conf", "auxprop_plugin: pgsql mysql\n"));
    }

    @Test
    void eachRewriteIsLoggedOnceAsAWarningNamingFileAndLine() throws Exception {
        try (LogCapture log = new LogCapture()) {
            read("/tmp/warn-once.conf", "mech_list: PLAIN\nsasl_log_level: 3\n");
            read("/tmp/warn-once.conf", "mech_list: PLAIN\nsasl_log_level: 3\n");
            long warnings = log.lines().stream()
                    .filter(l -> l.startsWith("WARN") && l.contains("/tmp/warn-once.conf:2")).count();
            assertEquals(1, warnings, log.text());
            assertTrue(log.text().contains("'sasl_log_level' is read as 'log_level'"));
        }
    }
}
