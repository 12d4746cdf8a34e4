package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.JsaslClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message rules of RFC 5802 section 7 on both sides: what a server does with a broken or hostile
 * client-final-message, and what the client refuses from a server (a nonce it did not extend, too
 * few iterations, a wrong signature, an {@code e=}), with the saslname escapes and SASLprep in between.
 */
class ScramProtocolTest {

    private static final String SECRET = "pr0tocol-secret";

    static ServerContext ctx;

    @BeforeAll
    static void setUp() throws Exception {
        Exchange.registerProvider();
        ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=" + SECRET + " a,b=" + SECRET + " \u00c5sa=" + SECRET, "log_level", "7"));
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
    }

    static SaslServer server() throws SaslException {
        return JsaslProvider.serverFactory().createSaslServer("SCRAM-SHA-256", "imap", "h", Exchange.cyrus(ctx, null),
                null);
    }

    static SaslClient client(String name, String password, Map<String, ?> props) throws SaslException {
        return JsaslClients.create("SCRAM-SHA-256", null, props, Exchange.credentials(name, password));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A server that has answered alice's client-first; returns the combined nonce. */
    private static String started(SaslServer s) throws SaslException {
        String first = text(s.evaluateResponse(utf8("n,,n=alice,r=clientnonce")));
        return first.substring(2, first.indexOf(','));
    }

    @Test
    void namesWithCommaAndEqualsAreEscapedAndPasswordsPrepared() throws Exception {
        SaslClient c = client("a,b=c", SECRET, Map.of());
        assertTrue(text(c.evaluateChallenge(new byte[0])).startsWith("n,,n=a=2Cb=3Dc,r="));
        SaslServer s = server();
        Exchange.run(client("a,b", SECRET, Map.of()), s);
        assertEquals("a,b", s.getAuthorizationID());
        // U+00C5 written as A and a combining ring: SASLprep's NFKC makes it the stored name.
        Exchange.run(client("A\u030asa", SECRET, Map.of()), server());
    }

    @Test
    void aFinalMessageWithAnotherNonceIsRefused() throws Exception {
        SaslServer s = server();
        started(s);
        ScramFormatException e = assertThrows(ScramFormatException.class, () -> s.evaluateResponse(
                utf8("c=biws,r=clientnonceXXXX,p=" + Base64.getEncoder().encodeToString(new byte[32]))));
        assertEquals(ScramError.OTHER_ERROR, e.error());
    }

    @Test
    void aWrongOrMisSizedProofIsInvalidProof() throws Exception {
        for (int length : new int[] {32, 20, 0, 64}) {
            SaslServer s = server();
            String nonce = started(s);
            ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class, () -> s.evaluateResponse(
                    utf8("c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[length]))));
            assertEquals(ScramError.INVALID_PROOF, e.error());
            assertThrows(IllegalStateException.class, () -> s.evaluateResponse(new byte[1]));
        }
    }

    @Test
    void brokenFinalMessagesAreFormatErrors() throws Exception {
        for (String bad : new String[] {"", "c=biws", "c=biws,r=N", "x=biws,r=N,p=AAAA", "c=b!ws,r=N,p=AAAA",
                "c=biws,r=N,p=A!AA", "c=biws,r=N,1=x,p=AAAA", "c=biws,r=N,p=AAAA,x=1"}) {
            SaslServer s = server();
            String nonce = started(s);
            SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(utf8(bad.replace("r=N",
                    "r=" + nonce))), bad);
            assertFalse(e instanceof AuthenticationException, bad + ": " + e);
        }
    }

    @Test
    void oversizedAndNonUtf8MessagesAreRefusedBeforeParsing() throws Exception {
        SaslServer big = server();
        ScramFormatException e = assertThrows(ScramFormatException.class,
                () -> big.evaluateResponse(utf8("n,,n=alice,r=" + "x".repeat(ScramSaslServer.MAX_MESSAGE_BYTES))));
        assertEquals(ScramError.INVALID_ENCODING, e.error());
        SaslServer bytes = server();
        assertThrows(ScramFormatException.class,
                () -> bytes.evaluateResponse(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xc3, 0x28, ',', 'r', '=', 'x'}));
        SaslServer longName = server();
        ScramFormatException name = assertThrows(ScramFormatException.class,
                () -> longName.evaluateResponse(utf8("n,,n=" + "a".repeat(ScramSaslServer.MAX_USERNAME_BYTES + 1)
                        + ",r=x")));
        assertEquals(ScramError.INVALID_USERNAME_ENCODING, name.error());
    }

    @Test
    void unknownExtensionsAfterTheNonceAreIgnoredAndMandatoryOnesRefused() throws Exception {
        SaslServer s = server();
        assertTrue(text(s.evaluateResponse(utf8("n,,n=alice,r=abc,x=future"))).startsWith("r=abc"));
        SaslServer m = server();
        ScramFormatException e = assertThrows(ScramFormatException.class,
                () -> m.evaluateResponse(utf8("n,,m=must,n=alice,r=abc")));
        assertEquals(ScramError.EXTENSIONS_NOT_SUPPORTED, e.error());
    }

    @Test
    void aReplayedClientFinalMessageFailsOnANewExchange() throws Exception {
        SaslClient c = client("alice", SECRET, Map.of());
        SaslServer first = server();
        byte[] clientFirst = c.evaluateChallenge(new byte[0]);
        byte[] clientFinal = c.evaluateChallenge(first.evaluateResponse(clientFirst.clone()));
        first.evaluateResponse(clientFinal.clone());
        assertTrue(first.isComplete());
        // An eavesdropper sends the same two messages again: the new server nonce does not match.
        SaslServer again = server();
        again.evaluateResponse(clientFirst);
        ScramFormatException e = assertThrows(ScramFormatException.class, () -> again.evaluateResponse(clientFinal));
        assertEquals(ScramError.OTHER_ERROR, e.error());
        assertFalse(again.isComplete());
        // Nor is a final message accepted twice by the server that completed.
        assertThrows(IllegalStateException.class, () -> first.evaluateResponse(clientFinal));
    }

    @Test
    void badEscapesInTheUserNameAreInvalidUsernameEncoding() throws Exception {
        for (String name : new String[] {"a=2Xb", "a=", "a=2", "a=3d", "=", "a,b"}) {
            SaslServer s = server();
            SaslException e = assertThrows(SaslException.class,
                    () -> s.evaluateResponse(utf8("n,,n=" + name + ",r=abc")), name);
            assertFalse(e instanceof AuthenticationException, name + ": " + e);
            assertFalse(s.isComplete());
        }
        SaslServer s = server();
        assertEquals(ScramError.INVALID_USERNAME_ENCODING, assertThrows(ScramFormatException.class,
                () -> s.evaluateResponse(utf8("n,,n=a=2Xb,r=abc"))).error());
    }

    @Test
    void truncatedClientFirstMessagesAreFormatErrors() throws Exception {
        for (String bad : new String[] {"n", "n,", "n,,", "n,,n=alice", "n,,n=alice,", "n,,n=alice,r=", "n,,r=abc",
                "n,,n=,r=abc", "q,,n=alice,r=abc", "n,x=y,n=alice,r=abc", "p,,n=alice,r=abc", "p=,,n=alice,r=abc"}) {
            SaslServer s = server();
            SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(utf8(bad)), bad);
            assertFalse(e instanceof AuthenticationException, bad + ": " + e);
            assertFalse(s.isComplete(), bad);
        }
    }

    @Test
    void theServerNonceExtendsTheClientsWithPrintableCharacters() throws Exception {
        String nonce = started(server());
        assertTrue(nonce.startsWith("clientnonce") && nonce.length() >= "clientnonce".length() + 32, nonce);
        assertTrue(nonce.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != ','), nonce);
    }

    @Test
    void theClientRefusesWhatAHostileServerSends() throws Exception {
        String[] bad = {"r=someoneelse,s=c2FsdA==,i=4096", "r=NONCE,s=c2FsdA==,i=4096", "r=NONCEx,s=c2FsdA==,i=4095",
            "r=NONCEx,s=c2FsdA==,i=10000001", "r=NONCEx,s=,i=4096", "r=NONCEx,s=c2FsdA==,i=-1",
            "r=NONCEx,s=c2FsdA==,i=99999999999", "m=x,r=NONCEx,s=c2FsdA==,i=4096", "r=NONCEx,i=4096,s=c2FsdA=="};
        for (String message : bad) {
            SaslClient c = client("alice", SECRET, Map.of());
            String first = text(c.evaluateChallenge(new byte[0]));
            String nonce = first.substring(first.indexOf(",r=") + 3);
            assertThrows(SaslException.class, () -> c.evaluateChallenge(utf8(message.replace("NONCE", nonce))), message);
        }
    }

    @Test
    void theIterationFloorIsConfigurable() throws Exception {
        SaslClient c = client("alice", SECRET, Map.of(JsaslProperties.SCRAM_MIN_ITERATIONS, 2048));
        String first = text(c.evaluateChallenge(new byte[0]));
        String nonce = first.substring(first.indexOf(",r=") + 3);
        assertTrue(text(c.evaluateChallenge(utf8("r=" + nonce + "x,s=c2FsdA==,i=2048"))).startsWith("c=biws,r="));
        assertThrows(SaslException.class, () -> client("alice", SECRET, Map.of(JsaslProperties.SCRAM_MIN_ITERATIONS,
                "many")));
    }

    @Test
    void theClientVerifiesTheServerSignature() throws Exception {
        SaslServer s = server();
        SaslClient c = client("alice", SECRET, Map.of());
        byte[] last = s.evaluateResponse(c.evaluateChallenge(s.evaluateResponse(c.evaluateChallenge(new byte[0]))));
        assertTrue(s.isComplete());
        byte[] forged = last.clone();
        // Another base64 letter, never a character outside the alphabet (a flipped bit of '+' is '*',
        // which would be a format error instead): the signature is well-formed and wrong.
        int i = forged.length - 3;
        forged[i] = (byte) (forged[i] == 'A' ? 'B' : 'A');
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> c.evaluateChallenge(forged));
        assertTrue(e.getMessage().contains("does not know"), e.getMessage());
        assertFalse(c.isComplete());
    }

    @Test
    void theClientReportsTheServersError() throws Exception {
        SaslClient c = client("alice", SECRET, Map.of());
        String first = text(c.evaluateChallenge(new byte[0]));
        String nonce = first.substring(first.indexOf(",r=") + 3);
        c.evaluateChallenge(utf8("r=" + nonce + "x,s=c2FsdA==,i=4096"));
        ScramAuthenticationException e = assertThrows(ScramAuthenticationException.class,
                () -> c.evaluateChallenge(utf8("e=invalid-proof")));
        assertEquals(ScramError.INVALID_PROOF, e.error());
        SaslClient d = client("alice", SECRET, Map.of());
        first = text(d.evaluateChallenge(new byte[0]));
        d.evaluateChallenge(utf8("r=" + first.substring(first.indexOf(",r=") + 3) + "x,s=c2FsdA==,i=4096"));
        assertEquals(ScramError.OTHER_ERROR, assertThrows(ScramAuthenticationException.class,
                () -> d.evaluateChallenge(utf8("e=some-future-error"))).error());
    }

    @Test
    void anInitialResponseIsTheClientFirstMessageAndAnEmptyOneAsksForIt() throws Exception {
        SaslServer s = server();
        assertArrayEquals(new byte[0], s.evaluateResponse(new byte[0]));
        assertTrue(text(s.evaluateResponse(utf8("n,,n=alice,r=abc"))).startsWith("r=abc"));
    }

    @Test
    void theClientNeedsANameAndAPreparablePassword() throws Exception {
        assertThrows(SaslException.class, () -> client("", SECRET, Map.of()).evaluateChallenge(new byte[0]));
        SaslClient c = client("alice", "bad\u0007password", Map.of());
        String first = text(c.evaluateChallenge(new byte[0]));
        SaslException e = assertThrows(SaslException.class, () -> c.evaluateChallenge(
                utf8("r=" + first.substring(first.indexOf(",r=") + 3) + "x,s=c2FsdA==,i=4096")));
        assertFalse(e.getMessage().contains("password\u0007"), e.getMessage());
    }
}
