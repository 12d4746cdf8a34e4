package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jsasl.authd.AuthdOptions;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.Test;

/**
 * jsasl_throttle through jsasl authd's Dovecot side: failures count under Postfix' {@code rip=} (the
 * SMTP client), not the socket peer, and a throttled attempt is a temporary failure like a backend
 * that is down.
 */
class DovecotThrottleTest {

    private static String plain(String user, String password) {
        return AuthClient.b64("\0" + user + "\0" + password);
    }

    private static String auth(String rip) {
        return "\tservice=smtp\tnologin\tlip=127.0.0.1\trip=" + rip;
    }

    @Test
    void overTheAddressLimitTheRightPasswordIsATempFailAndOtherAddressesGetIn() throws Exception {
        Exchange.registerProvider();
        try (ServerContext context = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "mech_list", "PLAIN", "memory_userpassword", "alice=secret", "jsasl_throttle", "local",
                "jsasl_throttle_user_failures", "100", "jsasl_throttle_address_failures", "2"));
                DovecotTestServer server = new DovecotTestServer(context, AuthdOptions.defaults("mail.example.com"));
                AuthClient c = server.hello(2)) {
            c.send("AUTH\t1\tPLAIN" + auth("192.0.2.50") + "\tresp=" + plain("alice", "wrong1"));
            assertEquals("FAIL\t1\tuser=alice", c.line());
            c.send("AUTH\t2\tPLAIN" + auth("192.0.2.50") + "\tresp=" + plain("nosuchuser", "wrong2"));
            assertEquals("FAIL\t2\tuser=nosuchuser", c.line());
            c.send("AUTH\t3\tPLAIN" + auth("192.0.2.50") + "\tresp=" + plain("alice", "secret"));
            assertEquals("FAIL\t3\tuser=alice\tcode=temp_fail", c.line());
            c.send("AUTH\t4\tPLAIN" + auth("192.0.2.51") + "\tresp=" + plain("alice", "secret"));
            assertEquals("OK\t4\tuser=alice", c.line());
        }
    }
}
