package org.jsasl.pwcheck.saslauthd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pwcheck_method: saslauthd against Cyrus' real saslauthd (-a sasldb) that scripts/services starts. */
class SaslauthdInteropTest {

    @TempDir
    static Path dir;
    static Path conf;

    @BeforeAll
    static void config() throws Exception {
        Exchange.registerProvider();
        conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: saslauthd\nsaslauthd_path: " + TestDaemons.saslauthdSocket() + "\n");
    }

    static String plain(String realm, String user, String password) throws SaslException {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Exchange.cyrus(conf, realm), null);
        s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return s.getAuthorizationID();
    }

    @Test
    void rightPasswordAuthenticatesWrongOneIsRejected() throws Exception {
        assertEquals("alice", plain(null, "alice", "alice-secret"));
        assertThrows(AuthenticationException.class, () -> plain(null, "alice", "alice-secreT"));
        assertThrows(AuthenticationException.class, () -> plain(null, "mallory", "alice-secret"));
    }

    @Test
    void theRealmGoesToTheDaemonSplitAtTheLastAt() throws Exception {
        assertEquals("bob@example.org", plain(null, "bob@example.org", "bob-secret"));
        assertEquals("bob@example.org", plain("example.org", "bob", "bob-secret"));
        assertThrows(AuthenticationException.class, () -> plain(null, "bob", "bob-secret"), "no realm, no bob");
    }

    @Test
    void aStoppedDaemonIsUnavailable() throws Exception {
        TestDaemons.stopSaslauthd();
        try {
            assertThrows(SaslUnavailableException.class, () -> plain(null, "alice", "alice-secret"));
        } finally {
            TestDaemons.resumeSaslauthd();
        }
        assertEquals("alice", plain(null, "alice", "alice-secret"));
    }
}
