package org.jsasl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cyrus SASL's own client library, libsasl2 with libsasl2-modules, through Debian's
 * {@code sasl-sample-client} ({@code JSASL_SASL_SAMPLE_CLIENT}), authenticating to jsasl's server
 * in Cyrus mode over the sample programs' stdin/stdout protocol ({@link SampleProtocolServer}).
 */
class CyrusSampleClientTest {

    private static final String SECRET = "cyrus-sample-pencil";
    private static final String MECHANISMS = "PLAIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    static String program;
    static ServerContext ctx;

    @BeforeAll
    static void setUp() throws Exception {
        program = TestServices.require("Cyrus SASL sample client", List.of("JSASL_SASL_SAMPLE_CLIENT"))
                .get("JSASL_SASL_SAMPLE_CLIENT");
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "mech_list", MECHANISMS,
                "memory_userpassword", "alice=" + SECRET, "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        if (ctx != null) {
            ctx.close();
        }
    }

    private static SampleProtocolServer.Outcome run(String mechanism, String password) throws Exception {
        // setsid: no controlling terminal, so getpass reads the password from stdin instead of
        // /dev/tty; stdbuf: line-buffered stdout, or the client's C: lines would sit in its stdio
        // buffer while it waits for the next S: line.
        List<String> command = List.of("setsid", "stdbuf", "-oL", program, "-s", "imap", "-n", "mail.example.com",
                "-m", mechanism, "-a", "alice");
        return SampleProtocolServer.run(command, MECHANISMS, m -> JsaslProvider.serverFactory()
                .createSaslServer(m, "imap", "mail.example.com", Exchange.cyrus(ctx, null), null), password, LIMIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void libsasl2ClientAuthenticatesToJsasl(String mechanism) throws Exception {
        SampleProtocolServer.Outcome o = run(mechanism, SECRET);
        assertEquals(mechanism, o.mechanism(), o.output());
        assertNull(o.serverError(), o.output());
        assertTrue(o.server().isComplete());
        assertEquals("alice", o.server().getAuthorizationID());
        // Exit 0 only after the whole exchange, SCRAM's ServerSignature check included, and the
        // message round after it.
        assertEquals(0, o.exit(), o.output());
        assertTrue(o.output().contains("Negotiation complete"), o.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void jsaslRejectsLibsasl2ClientWithWrongPassword(String mechanism) throws Exception {
        SampleProtocolServer.Outcome o = run(mechanism, "not-" + SECRET);
        assertEquals(mechanism, o.mechanism(), o.output());
        SaslException e = o.serverError();
        assertInstanceOf(AuthenticationException.class, e, o.output());
        assertFalse(o.server().isComplete());
        assertNotEquals(0, o.exit(), o.output());
    }
}
