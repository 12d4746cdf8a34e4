package org.jsasl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The two smtpd.conf files of the Gentoo guide jsasl began from, verbatim, load and mean what their author meant. */
class SeedConfigTest {

    static Path seed(String name) {
        try {
            return Path.of(SeedConfigTest.class.getResource("/seed/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void authdaemondSeedParses() throws Exception {
        SaslConfig c = ConfigReader.read(seed("smtpd-authdaemond.conf"));
        assertEquals(Optional.of("authdaemond"), c.get("pwcheck_method"));
        assertEquals(List.of("LOGIN", "PLAIN"), c.words("mech_list"));
        assertEquals(Optional.of("dummy"), c.get("sql_select"), "trailing space dropped");
        assertEquals(Optional.of("/var/lib/courier/authdaemon/socket"), c.get("authdaemond_path"));
        assertEquals(5, c.integer("log_level", 1, 0, 7));
    }

    @Test
    void pgsqlSeedParsesWithItsSaslPrefixedKeysMeaningWhatTheAuthorMeant() throws Exception {
        SaslConfig c = ConfigReader.read(seed("smtpd-pgsql.conf"));
        assertEquals(Optional.of("auxprop"), c.get("pwcheck_method"));
        assertEquals(Optional.of("sql"), c.get("auxprop_plugin"));
        assertEquals(Optional.of("pgsql"), c.get("sql_engine"));
        assertEquals(Optional.of("crypt"), c.get("password_format"));
        assertEquals(Optional.empty(), c.get("sql_hostnames"), "commented out");
        assertEquals(Optional.of("postfix"), c.get("sql_database"));
        assertEquals(Optional.of("$password"), c.get("sql_passwd"));
        assertEquals(Optional.of("SELECT password FROM mailbox WHERE local_part='%u' AND active='1'"),
                c.get("sql_select"));
        assertEquals(1, c.entry("pwcheck_method").orElseThrow().line(), "line numbers survive the rewrite");
    }
}
