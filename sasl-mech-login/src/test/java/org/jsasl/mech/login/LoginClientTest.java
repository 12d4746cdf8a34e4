package org.jsasl.mech.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our LOGIN client against our LOGIN server, in JDK mode and in Cyrus mode. */
class LoginClientTest {

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static SaslClient client(String user, String password) throws Exception {
        SaslClient c = Sasl.createSaslClient(new String[] {"LOGIN"}, null, "smtp", "foo.example.com", Map.of(),
                Exchange.credentials(user, password));
        assertNotNull(c, "the JDK has no LOGIN client: this is ours");
        return c;
    }

    @Test
    void clientAnswersUsernameThenPassword() throws Exception {
        SaslClient c = client("testuser", "secret");
        assertFalse(c.hasInitialResponse());
        assertArrayEquals("testuser".getBytes(StandardCharsets.UTF_8), c.evaluateChallenge("Username:".getBytes()));
        assertArrayEquals("secret".getBytes(StandardCharsets.UTF_8), c.evaluateChallenge("User Name".getBytes()));
        assertTrue(c.isComplete());
        assertThrows(IllegalStateException.class, () -> c.evaluateChallenge(new byte[0]));
        c.dispose();
    }

    @Test
    void clientAndServerInJdkMode() throws Exception {
        SaslServer s = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Map.of(),
                MapCallbackHandler.of(Map.of("testuser", "secret")));
        Exchange.run(client("testuser", "secret"), s);
        assertEquals("testuser", s.getAuthorizationID());
        SaslServer bad = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Map.of(),
                MapCallbackHandler.of(Map.of("testuser", "secret")));
        assertThrows(AuthenticationException.class, () -> Exchange.run(client("testuser", "nope"), bad));
    }

    @Test
    void clientAndServerInCyrusMode(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: testusers\nmech_list: LOGIN PLAIN\nlog_level: 7\n"
                + "testusers: testuser=s3cret-unique carol=x\ntestusers_down: carol\n");
        try (LogCapture log = new LogCapture()) {
            SaslServer ok = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Exchange.cyrus(conf, null), null);
            Exchange.run(client("testuser", "s3cret-unique"), ok);
            assertEquals("testuser", ok.getAuthorizationID());
            SaslServer wrong = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Exchange.cyrus(conf, null), null);
            assertThrows(AuthenticationException.class, () -> Exchange.run(client("testuser", "s3cret-uniquE"), wrong));
            SaslServer down = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Exchange.cyrus(conf, null), null);
            assertThrows(SaslUnavailableException.class, () -> Exchange.run(client("carol", "s3cret-unique"), down));
            log.assertNever("s3cret-uniq");
        }
    }
}
