package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    static SmtpServer start(MainCf cf) throws IOException, ConfigException {
        return SmtpServer.start(cf, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
}
