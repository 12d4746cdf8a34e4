package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * A real Postfix 3.7 ({@code smtpd_sasl_type = dovecot}, a private instance) authenticates through
 * jsasl authd's Dovecot protocol, driven by swaks: PLAIN and LOGIN with and without an initial
 * response, wrong password and unknown user (535), authenticated relay allowed and unauthenticated
 * relay refused, a backend that goes down (454) and comes back after a reload (235 again, nothing
 * restarted).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostfixDovecotTypeTest {

    @TempDir
    Path dir;

    private final AtomicBoolean down = new AtomicBoolean();
    private AuthdBackend backend;
    private AuthdDaemon daemon;
    private PrivatePostfix postfix;

    private ServerContext context() throws ConfigException {
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=secret", "mech_list", "PLAIN LOGIN", "memory_down", down.get() ? "yes" : "no"));
    }

    @BeforeEach
    void start() throws Exception {
        TestServices.require("swaks", List.of("JSASL_SWAKS"));
        TestServices.require("Postfix", List.of("JSASL_POSTFIX"));
        backend = new AuthdBackend(context(), AuthdOptions.defaults("mx.example.test"));
        daemon = AuthdDaemon.start(backend, this::context, List.of(new AuthdDaemon.Listener(listenAddress(),
                        new DovecotAuthProtocol(backend), ownership())), 100);
        postfix = PrivatePostfix.start(dir.resolve("postfix"), Map.of("smtpd_sasl_type", "dovecot",
                "smtpd_sasl_path", saslPath(daemon.addresses().get(0))));
    }

    /** Where jsasl authd listens: TCP on loopback here, a UNIX socket in the subclass. */
    ListenAddress listenAddress() throws IOException {
        return ListenAddress.parse("inet:127.0.0.1:0");
    }

    SocketOwnership ownership() {
        return SocketOwnership.DEFAULT;
    }

    /** Postfix' {@code smtpd_sasl_path} for the bound address. */
    String saslPath(java.net.SocketAddress bound) {
        return "inet:127.0.0.1:" + ((InetSocketAddress) bound).getPort();
    }


    @AfterEach
    void stop() throws IOException {
        if (postfix != null) {
            postfix.close();
        }
        if (daemon != null) {
            daemon.close();   // closes the backend too
        }
    }

    private SwaksClient.Result swaks(String to, String mechanism, String user, String password) throws Exception {
        return new SwaksClient(dir, postfix.port()).send(to, mechanism, user, password);
    }

    @Test
    void plainAndLoginAuthenticateAndRelay() throws Exception {
        SwaksClient.Result plain = swaks("someone@elsewhere.example", "PLAIN", "alice", "secret");
        assertTrue(plain.output().contains("<-  235 2.7.0 Authentication successful"), plain.output());
        assertEquals(0, plain.exit(), plain.output());
        SwaksClient.Result login = swaks("someone@elsewhere.example", "LOGIN", "alice", "secret");
        assertTrue(login.output().contains("<-  235 2.7.0 Authentication successful"), login.output());
        assertTrue(login.output().contains("334 VXNlcm5hbWU6"), login.output());
        assertFalse(login.output().contains("secret"), "the password never shows");
        assertTrue(postfix.logText().contains("sasl_username=alice"), postfix.logText());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame535() throws Exception {
        SwaksClient.Result wrong = swaks("someone@elsewhere.example", "PLAIN", "alice", "wrong");
        SwaksClient.Result unknown = swaks("someone@elsewhere.example", "LOGIN", "nobody", "secret");
        assertTrue(wrong.output().contains("<** 535 5.7.8 Error: authentication failed:"), wrong.output());
        assertTrue(unknown.output().contains("<** 535 5.7.8 Error: authentication failed:"), unknown.output());
        assertEquals(28, wrong.exit(), wrong.output());
    }

    @Test
    void unauthenticatedRelayIsRefusedAndLocalDeliveryIsNot() throws Exception {
        SwaksClient.Result relay = swaks("someone@elsewhere.example", null, null, null);
        assertTrue(relay.output().contains("554 5.7.1"), relay.output());
        SwaksClient.Result local = swaks("someone@example.test", null, null, null);
        assertEquals(0, local.exit(), local.output());
    }

    @Test
    void aBackendThatIsDownGets454AndWorksAgainAfterAReload() throws Exception {
        down.set(true);
        assertTrue(daemon.reload());
        SwaksClient.Result r = swaks("someone@elsewhere.example", "PLAIN", "alice", "secret");
        assertTrue(r.output().contains("<** 454 4.7.0 Temporary authentication failure"), r.output());
        down.set(false);
        assertTrue(daemon.reload());
        SwaksClient.Result again = swaks("someone@elsewhere.example", "PLAIN", "alice", "secret");
        assertTrue(again.output().contains("<-  235 2.7.0 Authentication successful"), again.output());
    }
}
