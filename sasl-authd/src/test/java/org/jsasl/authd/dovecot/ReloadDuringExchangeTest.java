package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reload while a LOGIN waits for its password: that exchange finishes on the configuration it
 * started with (which closes after it), new requests use the new one at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadDuringExchangeTest {

    private static final String AUTH = DovecotAuthProtocolTest.AUTH;

    private static ServerContext context(String password) throws ConfigException {
        Exchange.registerProvider();
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "mech_list", "PLAIN LOGIN",
                "memory_userpassword", "alice=" + password));
    }

    @Test
    void aLoginInProgressFinishesOnItsConfigurationAndNewOnesUseTheNewOne() throws Exception {
        ServerContext first = context("secret");
        try (DovecotTestServer s = new DovecotTestServer(first, AuthdOptions.defaults("mail.example.com"));
                AuthClient c = s.hello(0)) {
            c.send("AUTH\t1\tLOGIN" + AUTH);
            assertEquals("CONT\t1\t" + AuthClient.b64("Username:"), c.line());
            c.send("CONT\t1\t" + AuthClient.b64("alice"));
            assertEquals("CONT\t1\t" + AuthClient.b64("Password:"), c.line());

            assertTrue(s.backend.reload(() -> context("changed")));
            assertFalse(first.isClosed(), "the waiting LOGIN holds its configuration");

            c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=" + DovecotAuthProtocolTest.plain("alice", "secret"));
            assertEquals("FAIL\t2\tuser=alice", c.line());
            c.send("AUTH\t3\tPLAIN" + AUTH + "\tresp=" + DovecotAuthProtocolTest.plain("alice", "changed"));
            assertEquals("OK\t3\tuser=alice", c.line());

            c.send("CONT\t1\t" + AuthClient.b64("secret"));
            assertEquals("OK\t1\tuser=alice", c.line());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!first.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(20);   // disposed just after the reply went out
            }
            assertTrue(first.isClosed(), "closed after its last request");
            s.backend.close();
        }
    }
}
