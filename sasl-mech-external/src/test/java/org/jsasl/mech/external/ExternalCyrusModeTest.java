package org.jsasl.mech.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EXTERNAL with a Cyrus-style configuration: Cyrus' proxy policy and canonicalisation. */
class ExternalCyrusModeTest {

    static ServerContext ctx;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
    }

    static Map<String, Object> props(String identity, String realm) {
        Map<String, Object> props = Exchange.cyrus(ctx, realm);
        if (identity != null) {
            props.put(JsaslProperties.EXTERNAL_IDENTITY, identity);
        }
        return props;
    }

    static SaslServer server(Map<String, ?> props, CallbackHandler cbh) throws SaslException {
        return JsaslProvider.serverFactory().createSaslServer("EXTERNAL", "smtp", "mail.example.com", props, cbh);
    }

    static byte[] msg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void offeredOnlyWithAnExternalIdentity() throws Exception {
        assertEquals(List.of(), List.of(JsaslProvider.serverFactory().getMechanismNames(props(null, null))));
        assertEquals(List.of("EXTERNAL"),
                List.of(JsaslProvider.serverFactory().getMechanismNames(props("alice", null))));
        assertNull(server(props(null, null), null));
        try (ServerContext named = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "alice=secret", "mech_list", "PLAIN"))) {
            Map<String, Object> p = Exchange.cyrus(named, null);
            p.put(JsaslProperties.EXTERNAL_IDENTITY, "alice");
            assertNull(server(p, null), "not in mech_list");
        }
    }

    @Test
    void ourClientAuthenticatesAsTheExternalIdentity() throws Exception {
        try (LogCapture log = new LogCapture()) {
            // Without an authzid the initial response is empty; the protocol says it was sent
            // (SMTP's "AUTH EXTERNAL ="), or the server would take it for none and challenge.
            Map<String, Object> p = props("alice", null);
            p.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
            SaslServer s = server(p, null);
            Exchange.run(JsaslClients.create("EXTERNAL", null, Map.of(), cbs -> { }), s);
            assertEquals("alice", s.getAuthorizationID());
            assertTrue(log.text().contains("authenticated 'alice' as 'alice' for smtp"), log.text());
        }
    }

    @Test
    void theAuthzidIsCanonicalisedWithTheRealm() throws Exception {
        SaslServer s = server(props("bob@example.org", "example.org"), null);
        s.evaluateResponse(msg("bob"));
        assertEquals("bob@example.org", s.getAuthorizationID(), "bob becomes bob@example.org, the identity itself");
    }

    @Test
    void aDifferentAuthzidIsRefusedWithoutAnAuthorizeCallback() throws Exception {
        try (LogCapture log = new LogCapture()) {
            SaslServer s = server(props("alice", null), null);
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> s.evaluateResponse(msg("root")));
            assertEquals("EXTERNAL: 'alice' is not authorized to act as 'root'", e.getMessage());
            assertTrue(log.text().contains("'alice' is not authorized to act as 'root'"), log.text());
        }
        CallbackHandler allow = cbs -> ((AuthorizeCallback) cbs[0]).setAuthorized(true);
        SaslServer allowed = server(props("alice", null), allow);
        allowed.evaluateResponse(msg("root"));
        assertEquals("root", allowed.getAuthorizationID());
    }
}
