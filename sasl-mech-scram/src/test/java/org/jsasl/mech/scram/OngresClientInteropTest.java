package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramInvalidServerSignatureException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * jsasl's SCRAM server against an independent client, OnGres' scram-client (the one PostgreSQL's
 * JDBC driver uses): plain and -PLUS variants, an authorisation identity, a wrong password, and
 * the client's check of jsasl's ServerSignature.
 */
class OngresClientInteropTest {

    private static final String SECRET = "0ngres-pencil";
    static ServerContext ctx;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=" + SECRET + " admin=" + SECRET, "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
    }

    /** Runs the exchange; returns the server's authorisation ID. */
    private static String run(String mechanism, ScramClient client, byte[] serverBinding) throws Exception {
        Map<String, Object> props = Exchange.cyrus(ctx, null);
        if (serverBinding != null) {
            props.put(JsaslProperties.CHANNEL_BINDING_TLS_SERVER_END_POINT, serverBinding);
        }
        SaslServer s = JsaslProvider.serverFactory().createSaslServer(mechanism, "postgres", "db", props, null);
        byte[] first = s.evaluateResponse(client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8));
        client.serverFirstMessage(new String(first, StandardCharsets.UTF_8));
        byte[] last = s.evaluateResponse(client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(s.isComplete());
        client.serverFinalMessage(new String(last, StandardCharsets.UTF_8));
        return s.getAuthorizationID();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256"})
    void plainVariants(String mechanism) throws Exception {
        ScramClient client = ScramClient.builder().advertisedMechanisms(List.of(mechanism)).username("alice")
                .password(SECRET.toCharArray()).build();
        assertEquals(mechanism, client.getScramMechanism().getName());
        assertEquals("alice", run(mechanism, client, null));
    }

    @Test
    void plusWithTlsServerEndPoint() throws Exception {
        byte[] binding = new byte[32];
        Arrays.fill(binding, (byte) 0x5a);
        ScramClient client = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256-PLUS"))
                .username("alice").password(SECRET.toCharArray()).channelBinding("tls-server-end-point", binding)
                .build();
        assertEquals("alice", run("SCRAM-SHA-256-PLUS", client, binding));
        ScramClient other = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256-PLUS"))
                .username("alice").password(SECRET.toCharArray()).channelBinding("tls-server-end-point", new byte[32])
                .build();
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> run("SCRAM-SHA-256-PLUS", other, binding));
        assertEquals(ScramError.CHANNEL_BINDINGS_DONT_MATCH, e.error());
    }

    @Test
    void authorizationIdentityAndProxyPolicy() throws Exception {
        ScramClient self = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username("alice")
                .password(SECRET.toCharArray()).authzid("alice").build();
        assertEquals("alice", run("SCRAM-SHA-256", self, null));
        ScramClient proxy = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username("alice")
                .password(SECRET.toCharArray()).authzid("admin").build();
        assertThrows(ScramAuthenticationException.class, () -> run("SCRAM-SHA-256", proxy, null));
    }

    @Test
    void aWrongPasswordFailsOnTheServerAndAServerWithoutTheKeysFailsOnTheClient() throws Exception {
        ScramClient wrong = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username("alice")
                .password("not-it".toCharArray()).build();
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> run("SCRAM-SHA-256", wrong, null));
        assertEquals(ScramError.INVALID_PROOF, e.error());
        // A server-final the client did not get from a server holding its keys.
        ScramClient client = ScramClient.builder().advertisedMechanisms(List.of("SCRAM-SHA-256")).username("alice")
                .password(SECRET.toCharArray()).build();
        SaslServer s = JsaslProvider.serverFactory().createSaslServer("SCRAM-SHA-256", "postgres", "db",
                Exchange.cyrus(ctx, null), null);
        client.serverFirstMessage(new String(s.evaluateResponse(client.clientFirstMessage().toString()
                .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        client.clientFinalMessage();
        assertThrows(ScramInvalidServerSignatureException.class,
                () -> client.serverFinalMessage("v=" + java.util.Base64.getEncoder().encodeToString(new byte[32])));
    }
}
