package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslThrottledException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.throttle.LocalThrottle;
import org.junit.jupiter.api.Test;

/**
 * SCRAM with jsasl_throttle: local: a wrong proof and an unknown user count (through the
 * authenticator's reject), and over the limit the credential lookup itself is refused, so the
 * exchange ends with SaslThrottledException at the client's first message, right password or not.
 */
class ScramThrottleTest {

    private static SaslServer server(ServerContext ctx) throws SaslException {
        Map<String, Object> props = Exchange.cyrus(ctx, null);
        props.put(JsaslProperties.CLIENT_ADDRESS, "192.0.2.44");
        return JsaslProvider.serverFactory().createSaslServer("SCRAM-SHA-256", "imap", "mail.example.com", props, null);
    }

    private static void run(ServerContext ctx, String user, String password) throws SaslException {
        Exchange.run(JsaslClients.create("SCRAM-SHA-256", null, Map.of(), Exchange.credentials(user, password)),
                server(ctx));
    }

    @Test
    void wrongProofsCountAndThenTheLookupIsRefused() throws Exception {
        Exchange.registerProvider();
        try (ServerContext ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=right", "jsasl_throttle", "local",
                "jsasl_throttle_user_failures", "2", "jsasl_throttle_address_failures", "100"))) {
            assertThrows(ScramAuthenticationException.class, () -> run(ctx, "alice", "wrong"));
            assertThrows(ScramAuthenticationException.class, () -> run(ctx, "alice", "wrong again"));
            assertEquals(2, ((LocalThrottle) ctx.throttle()).userFailures("alice"));
            assertEquals(2, ((LocalThrottle) ctx.throttle()).addressFailures("192.0.2.44"));
            SaslThrottledException e = assertThrows(SaslThrottledException.class, () -> run(ctx, "alice", "right"));
            assertTrue(e.getMessage().contains("too many failures for this user"), e.getMessage());
            assertThrows(ScramAuthenticationException.class, () -> run(ctx, "nobody", "guess"));
            assertEquals(1, ((LocalThrottle) ctx.throttle()).userFailures("nobody"), "unknown users count too");
        }
    }
}
