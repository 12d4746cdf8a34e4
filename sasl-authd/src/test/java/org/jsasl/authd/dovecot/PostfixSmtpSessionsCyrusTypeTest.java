package org.jsasl.authd.dovecot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.authd.saslauthd.SaslauthdProtocol;
import org.jsasl.testkit.PrivatePostfix;

/**
 * The same typed SMTP sessions through Postfix' {@code smtpd_sasl_type = cyrus}: real libsasl2 runs
 * PLAIN and LOGIN itself and asks jsasl authd's saslauthd socket for each password
 * ({@code pwcheck_method: saslauthd}); every reply is the one the Dovecot type gives.
 */
class PostfixSmtpSessionsCyrusTypeTest extends PostfixSmtpSessionsTest {

    private Path mux;

    @Override
    AuthdDaemon.Listener listener(AuthdBackend backend) throws IOException {
        // smtpd runs as postfix: the socket's directory must be one it can enter.
        Path socketDir = Files.createTempDirectory("jsasl-authd-");
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        socketDir.toFile().deleteOnExit();
        mux = socketDir.resolve("mux");
        return new AuthdDaemon.Listener(ListenAddress.parse("unix:" + mux), new SaslauthdProtocol(backend),
                new SocketOwnership("postfix", "postfix", 0660));
    }

    @Override
    Map<String, String> saslSettings(Path postfixDir) throws IOException {
        Path sasl = PrivatePostfix.saslConfigDirectory(postfixDir);
        Path conf = sasl.resolve("smtpd.conf");
        Files.writeString(conf, String.join("\n", "pwcheck_method: saslauthd", "saslauthd_path: " + mux,
                "mech_list: PLAIN LOGIN", ""));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        return Map.of("smtpd_sasl_type", "cyrus", "smtpd_sasl_path", "smtpd");
    }
}
