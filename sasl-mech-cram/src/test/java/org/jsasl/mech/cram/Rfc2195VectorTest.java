package org.jsasl.mech.cram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.CallbackAuthenticator;
import org.jsasl.server.SaslLog;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.Test;

/** The example of RFC 2195 section 2, on both sides. */
class Rfc2195VectorTest {

    static final String CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";
    static final String RESPONSE = "tim b913a602c7eda7a495b4e6e7334d3890";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static SaslServer server() {
        ServerSession session = new ServerSession("imap", "postoffice.reston.mci.net",
                new CallbackAuthenticator(MapCallbackHandler.of(Map.of("tim", "tanstaaftanstaaf"))),
                SaslLog.of(Rfc2195VectorTest.class, 7));
        return new CramMd5SaslServer(session, ascii(CHALLENGE));
    }

    @Test
    void serverSendsItsChallengeAndAcceptsTheRfcResponse() throws Exception {
        SaslServer s = server();
        assertArrayEquals(ascii(CHALLENGE), s.evaluateResponse(new byte[0]));
        assertFalse(s.isComplete());
        assertNull(s.evaluateResponse(ascii(RESPONSE)));
        assertTrue(s.isComplete());
        assertEquals("tim", s.getAuthorizationID());
    }

    @Test
    void upperCaseDigestIsAcceptedToo() throws Exception {
        SaslServer s = server();
        s.evaluateResponse(new byte[0]);
        s.evaluateResponse(ascii("tim " + RESPONSE.substring(4).toUpperCase(Locale.ROOT)));
        assertTrue(s.isComplete());
    }

    @Test
    void oneBitOffIsRefused() throws Exception {
        SaslServer s = server();
        s.evaluateResponse(new byte[0]);
        assertThrows(AuthenticationException.class,
                () -> s.evaluateResponse(ascii("tim b913a602c7eda7a495b4e6e7334d3891")));
    }

    @Test
    void clientAnswersTheRfcChallengeWithTheRfcResponse() throws Exception {
        SaslClient c = new CramMd5SaslClient(new ClientSession(null, "imap", "postoffice.reston.mci.net",
                Exchange.credentials("tim", "tanstaaftanstaaf")));
        assertFalse(c.hasInitialResponse());
        assertEquals(RESPONSE, new String(c.evaluateChallenge(ascii(CHALLENGE)), StandardCharsets.US_ASCII));
        assertTrue(c.isComplete());
    }
}
