package org.jsasl.authd.saslauthd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.authd.SwaksClient;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.PrivatePostfix;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Postfix 3.7 with {@code smtpd_sasl_type = cyrus}: real libsasl2 2.1.28 reads an
 * {@code smtpd.conf} saying {@code pwcheck_method: saslauthd} and asks jsasl authd's saslauthd
 * socket, driven by swaks: PLAIN and LOGIN (235), wrong password and unknown user (535), a backend
 * that is down (454, since jsasl authd then closes without an answer) and back after a reload.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostfixCyrusTypeTest {

    @TempDir
    Path dir;

    private final AtomicBoolean down = new AtomicBoolean();
    private Path shared;
    private AuthdDaemon daemon;
    private PrivatePostfix postfix;

    private ServerContext context() throws ConfigException {
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=secret", "memory_down", down.get() ? "yes" : "no"));
    }

    @BeforeEach
    void start() throws Exception {
        TestServices.require("swaks", List.of("JSASL_SWAKS"));
        TestServices.require("Postfix", List.of("JSASL_POSTFIX"));
        // smtpd connects as user postfix: the socket's directory must be one it can enter.
        shared = Files.createTempDirectory("jsasl-authd-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mux = shared.resolve("mux");
        AuthdBackend backend = new AuthdBackend(context(), AuthdOptions.defaults("mx.example.test"));
        daemon = AuthdDaemon.start(backend, this::context, List.of(new AuthdDaemon.Listener(
                ListenAddress.parse("unix:" + mux), new SaslauthdProtocol(backend),
                new SocketOwnership("postfix", "postfix", 0660))), 100);
        Path sasl = PrivatePostfix.saslConfigDirectory(dir.resolve("postfix"));
        Files.writeString(sasl.resolve("smtpd.conf"), String.join("\n", "pwcheck_method: saslauthd",
                "saslauthd_path: " + mux, "mech_list: PLAIN LOGIN", ""));
        Files.setPosixFilePermissions(sasl.resolve("smtpd.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        postfix = PrivatePostfix.start(dir.resolve("postfix"), Map.of("smtpd_sasl_type", "cyrus",
                "smtpd_sasl_path", "smtpd"));
    }

    @AfterEach
    void stop() throws IOException {
        if (postfix != null) {
            postfix.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (shared != null) {
            try (Stream<Path> files = Files.walk(shared)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private SwaksClient.Result swaks(String mechanism, String user, String password) throws Exception {
        return new SwaksClient(dir, postfix.port()).send("someone@elsewhere.example", mechanism, user, password);
    }

    @Test
    void plainAndLoginAuthenticateThroughLibsasl2() throws Exception {
        SwaksClient.Result plain = swaks("PLAIN", "alice", "secret");
        assertTrue(plain.output().contains("<-  235 2.7.0 Authentication successful"), plain.output());
        assertEquals(0, plain.exit(), plain.output());
        SwaksClient.Result login = swaks("LOGIN", "alice", "secret");
        assertTrue(login.output().contains("<-  235 2.7.0 Authentication successful"), login.output());
    }

    @Test
    void wrongPasswordAndUnknownUserGet535() throws Exception {
        SwaksClient.Result wrong = swaks("PLAIN", "alice", "wrong");
        assertTrue(wrong.output().contains("<** 535 5.7.8 Error: authentication failed:"), wrong.output());
        SwaksClient.Result unknown = swaks("LOGIN", "nobody", "secret");
        assertTrue(unknown.output().contains("<** 535 5.7.8 Error: authentication failed:"), unknown.output());
    }

    @Test
    void aBackendThatIsDownGets454AndWorksAgainAfterAReload() throws Exception {
        down.set(true);
        assertTrue(daemon.reload());
        SwaksClient.Result r = swaks("PLAIN", "alice", "secret");
        assertTrue(r.output().contains("<** 454 4.7.0 Temporary authentication failure"), r.output());
        down.set(false);
        assertTrue(daemon.reload());
        SwaksClient.Result again = swaks("PLAIN", "alice", "secret");
        assertTrue(again.output().contains("<-  235 2.7.0 Authentication successful"), again.output());
    }
}
