package org.jsasl.mech.cram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.Gsasl;
import org.jsasl.testkit.JsaslClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CRAM-MD5 against GNU SASL's {@code gsasl} program both ways: jsasl's client answering
 * {@code gsasl --server}'s challenge, and {@code gsasl --client} answering jsasl's server.
 */
class GsaslInteropTest {

    private static final String SECRET = "gnu-cram-pencil";
    static ServerContext ctx;

    @BeforeAll
    static void setUp() throws Exception {
        Gsasl.program();
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=" + SECRET, "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        if (ctx != null) {
            ctx.close();
        }
    }

    private static SaslClient client(String password) throws Exception {
        SaslClient c = JsaslClients.create("CRAM-MD5", null, Map.of(), Exchange.credentials("alice", password));
        assertInstanceOf(CramMd5SaslClient.class, c);
        return c;
    }

    private static SaslServer server() throws Exception {
        return JsaslProvider.serverFactory().createSaslServer("CRAM-MD5", "imap", "mail.example.com",
                Exchange.cyrus(ctx, null), null);
    }

    @Test
    void jsaslClientAuthenticatesToGsaslServer() throws Exception {
        Gsasl.Outcome o = Gsasl.serverFor(client(SECRET), "CRAM-MD5", SECRET);
        assertNull(o.jsaslError());
        assertEquals(0, o.exit(), o.errors());
    }

    @Test
    void gsaslServerRejectsJsaslClientWithWrongPassword() throws Exception {
        Gsasl.Outcome o = Gsasl.serverFor(client("not-" + SECRET), "CRAM-MD5", SECRET);
        assertNotEquals(0, o.exit());
        assertTrue(o.errors().contains("Error authenticating user"), o.errors());
    }

    @Test
    void gsaslClientAuthenticatesToJsaslServer() throws Exception {
        SaslServer s = server();
        Gsasl.Outcome o = Gsasl.clientFor(s, "CRAM-MD5", "alice", SECRET);
        assertNull(o.jsaslError());
        assertTrue(s.isComplete());
        assertEquals("alice", s.getAuthorizationID());
        assertEquals(0, o.exit(), o.errors());
    }

    @Test
    void jsaslServerRejectsGsaslClientWithWrongPassword() throws Exception {
        SaslServer s = server();
        Gsasl.Outcome o = Gsasl.clientFor(s, "CRAM-MD5", "alice", "not-" + SECRET);
        assertNotNull(o.jsaslError());
        assertFalse(s.isComplete());
    }
}
