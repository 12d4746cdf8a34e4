package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsasl.config.ConfigException;

/** Starts example servers for the tests on a loopback ephemeral port. */
final class TestServers {

    /** Maven runs tests in the module directory; the demo configuration is examples/conf. */
    static final Path CONF = Path.of("conf").toAbsolutePath();

    private TestServers() {
    }

    /**
     * The demo main.cf's settings (examples/conf/smtpd.conf on demo.sqlite, mail into
     * {@code mailDir}) followed by {@code extra} lines, which override them.
     */
    static MainCf demo(Path mailDir, String... extra) {
        String text = String.join("\n",
                "myhostname = foo.example.com",
                "mydestination = $myhostname, localhost",
                "smtpd_sasl_auth_enable = yes",
                "smtpd_sasl_security_options = noanonymous",
                "smtpd_sasl_authenticated_header = yes",
                "smtpd_recipient_restrictions = permit_sasl_authenticated, permit_mynetworks, reject_unauth_destination",
                "mynetworks =",
                "smtpd_relay_restrictions =",
                "cyrus_sasl_config_path = " + CONF,
                "jsasl_mail_directory = " + mailDir,
                String.join("\n", extra));
        return MainCf.parse(text, mailDir);
    }

    /**
     * Writes, in the directory {@code dir/name}, the demo smtpd.conf pointed at a SQLite file that
     * does not exist, so every login is "backend unavailable" (454); returns that directory, for
     * {@code cyrus_sasl_config_path}.
     */
    static Path missingDatabaseConfig(Path dir, String name) throws IOException {
        Path conf = Files.createDirectories(dir.resolve(name));
        Files.writeString(conf.resolve("smtpd.conf"), String.join("\n",
                "pwcheck_method: auxprop",
                "auxprop_plugin: sql",
                "password_format: crypt",
                "mech_list: LOGIN PLAIN",
                "sql_engine: sqlite3",
                "sql_database: " + dir.resolve("missing").resolve("demo.sqlite"),
                "sql_select: SELECT password FROM mailbox WHERE local_part='%u' AND active='1'", ""));
        return conf;
    }

    static SmtpServer start(MainCf cf) throws IOException, ConfigException {
        return SmtpServer.start(cf, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
}
