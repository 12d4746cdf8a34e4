package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.SaslThrottledException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.throttle.LocalThrottle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PLAIN through Sasl.createSaslServer with jsasl_throttle: local and org.jsasl.client.address. */
class PlainThrottleTest {

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    private static byte[] attempt(ServerContext ctx, Object address, String user, String password) throws SaslException {
        Map<String, Object> props = new HashMap<>();
        props.put(JsaslProperties.CONFIG, ctx);
        if (address != null) {
            props.put(JsaslProperties.CLIENT_ADDRESS, address);
        }
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", props, null);
        return s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everySpellingOfTheAddressCountsUnderOneKeyAndTheRightPasswordIsThrottled() throws Exception {
        try (ServerContext ctx = ServerContext.create(SaslConfig.of("pwcheck_method", "testusers",
                "testusers", "alice=right", "jsasl_throttle", "local", "jsasl_throttle_user_failures", "100",
                "jsasl_throttle_address_failures", "3"))) {
            InetAddress ip = InetAddress.getByName("2001:db8::7");
            assertThrows(AuthenticationException.class, () -> attempt(ctx, ip, "alice", "wrong"));
            assertThrows(AuthenticationException.class,
                    () -> attempt(ctx, new InetSocketAddress(ip, 4242), "alice", "wrong"));
            assertThrows(AuthenticationException.class, () -> attempt(ctx, "[2001:DB8:0:0:0:0:0:7]", "bob", "x"));
            assertEquals(3, ((LocalThrottle) ctx.throttle()).addressFailures("2001:db8:0:0:0:0:0:7"));
            SaslThrottledException e = assertThrows(SaslThrottledException.class,
                    () -> attempt(ctx, ip, "alice", "right"));
            assertTrue(e.getMessage().contains("too many failures from this address"), e.getMessage());
            attempt(ctx, "192.0.2.1", "alice", "right");   // elsewhere, alice gets in
            attempt(ctx, null, "alice", "right");          // no address: only the user counts
            assertThrows(SaslException.class, () -> attempt(ctx, 42, "alice", "right"), "a wrong type is refused");
        }
    }
}
