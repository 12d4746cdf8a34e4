package org.jsasl.pwcheck.authdaemond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslAccountDisabledException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.daemons.TestDaemons;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pwcheck_method: authdaemond against the real courier authdaemond (authuserdb) that scripts/services starts. */
class AuthdaemondInteropTest {

    @TempDir
    static Path dir;
    static Path conf;

    @BeforeAll
    static void config() throws Exception {
        Exchange.registerProvider();
        conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: authdaemond\nmech_list: LOGIN PLAIN\nlog_level: 7\n"
                + "authdaemond_path: " + TestDaemons.authdaemondSocket() + "\n");
    }

    static SaslServer plain(Path config, String service, String user, String password) throws SaslException {
        SaslServer s = Sasl.createSaslServer("PLAIN", service, "mail.example.com", Exchange.cyrus(config, null), null);
        s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return s;
    }

    @Test
    void rightPasswordsOfEveryHashFormatAuthenticateWithTheAccountFields() throws Exception {
        SaslServer alice = plain(conf, "smtp", "alice", "alice-secret");
        assertEquals("alice", alice.getAuthorizationID());
        assertEquals("1000", alice.getNegotiatedProperty("org.jsasl.authdaemond.UID"));
        assertEquals("/home/alice", alice.getNegotiatedProperty("org.jsasl.authdaemond.HOME"));
        assertNull(alice.getNegotiatedProperty("org.jsasl.authdaemond.PASSWD"), "the crypted password is dropped");
        assertNull(alice.getNegotiatedProperty("org.jsasl.authdaemond.PASSWD2"), "the cleartext echo is dropped");
        assertEquals("bob", plain(conf, "smtp", "bob", "bob-secret").getAuthorizationID());
        SaslServer carol = plain(conf, "smtp", "carol@example.com", "carol-secret");
        assertEquals("Carol Example", carol.getNegotiatedProperty("org.jsasl.authdaemond.NAME"));
    }

    @Test
    void wrongPasswordAndUnknownUserAreRejected() {
        assertThrows(AuthenticationException.class, () -> plain(conf, "smtp", "alice", "alice-secreT"));
        assertThrows(AuthenticationException.class, () -> plain(conf, "smtp", "mallory", "alice-secret"));
        assertThrows(AuthenticationException.class, () -> plain(conf, "smtp", "ALICE", "alice-secret"));
    }

    @Test
    void theServiceNameSelectsAServiceSpecificPassword() throws Exception {
        assertEquals("dave", plain(conf, "imap", "dave", "dave-imap").getAuthorizationID());
        assertThrows(AuthenticationException.class, () -> plain(conf, "smtp", "dave", "dave-imap"));
        assertEquals("dave", plain(conf, "smtp", "dave", "dave-system").getAuthorizationID());
    }

    @Test
    void carolsDisablepop3RefusesPop3AsDisabledButNotImap() throws Exception {
        SaslServer imap = plain(conf, "imap", "carol@example.com", "carol-secret");
        assertEquals("disableimap=0,disablepop3=1", imap.getNegotiatedProperty("org.jsasl.authdaemond.OPTIONS"),
                "the running daemon's accounts predate disablepop3=1: run scripts/services/authdaemond start");
        SaslAccountDisabledException e = assertThrows(SaslAccountDisabledException.class,
                () -> plain(conf, "pop3", "carol@example.com", "carol-secret"));
        assertFalse(e.getMessage().contains("carol-secret"));
        assertEquals("carol@example.com", plain(conf, "imap", "carol@example.com", "carol-secret").getAuthorizationID());
        AuthenticationException wrong = assertThrows(AuthenticationException.class,
                () -> plain(conf, "pop3", "carol@example.com", "carol-secreT"));
        assertFalse(wrong instanceof SaslAccountDisabledException, "a wrong password says nothing of the account");
    }

    @Test
    void theGuidesLoginSessionWithTheSeedsConfig() throws Exception {
        String seed;
        try (InputStream in = AuthdaemondInteropTest.class.getResourceAsStream("/seed/smtpd-authdaemond.conf")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve("seed.conf");
        Files.writeString(file, seed.replace("/var/lib/courier/authdaemon/socket",
                TestDaemons.authdaemondSocket().toString()));
        SaslServer login = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", Exchange.cyrus(file, null), null);
        Base64.Encoder b64 = Base64.getEncoder();
        assertEquals("VXNlcm5hbWU6", b64.encodeToString(login.evaluateResponse(new byte[0])));
        assertEquals("UGFzc3dvcmQ6", b64.encodeToString(login.evaluateResponse("alice".getBytes(StandardCharsets.UTF_8))));
        assertNull(login.evaluateResponse("alice-secret".getBytes(StandardCharsets.UTF_8)));
        assertEquals("alice", login.getAuthorizationID());
    }

    @Test
    void relativeSocketPathAndTheDocumentedKeyName() throws Exception {
        Path link = dir.resolve("authdaemon-socket");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, TestDaemons.authdaemondSocket());
        Path file = dir.resolve("relative.conf");
        Files.writeString(file, "pwcheck_method: authdaemond\nauthdaemon_path: authdaemon-socket\n");
        assertEquals("alice", plain(file, "smtp", "alice", "alice-secret").getAuthorizationID());
    }

    @Test
    void aStoppedDaemonIsUnavailableAndAMissingSocketToo() throws Exception {
        TestDaemons.stopAuthdaemond();
        try {
            assertThrows(SaslUnavailableException.class, () -> plain(conf, "smtp", "alice", "alice-secret"));
            assertThrows(SaslUnavailableException.class, () -> plain(conf, "smtp", "alice", "wrong"));
        } finally {
            TestDaemons.resumeAuthdaemond();
        }
        assertEquals("alice", plain(conf, "smtp", "alice", "alice-secret").getAuthorizationID());
        Path missing = dir.resolve("missing.conf");
        Files.writeString(missing, "pwcheck_method: authdaemond\nauthdaemond_path: " + dir.resolve("nosuch") + "\n");
        assertThrows(SaslUnavailableException.class, () -> plain(missing, "smtp", "alice", "alice-secret"));
    }

    @Test
    void aListTriesTheDaemonThenAuxpropAndADownDaemonIsNeverAReject() throws Exception {
        Path list = dir.resolve("list.conf");
        Files.writeString(list, "pwcheck_method: authdaemond auxprop\nauxprop_plugin: memory\n"
                + "memory_userpassword: erin=erin-pw\nauthdaemond_path: " + TestDaemons.authdaemondSocket() + "\n");
        assertEquals("alice", plain(list, "smtp", "alice", "alice-secret").getAuthorizationID());
        assertEquals("erin", plain(list, "smtp", "erin", "erin-pw").getAuthorizationID(), "found by auxprop");
        TestDaemons.stopAuthdaemond();
        try {
            assertThrows(SaslUnavailableException.class, () -> plain(list, "smtp", "alice", "alice-secret"));
            assertThrows(SaslUnavailableException.class, () -> plain(list, "smtp", "nobody", "x"),
                    "the daemon might have known the user: try again later, not 535");
            assertEquals("erin", plain(list, "smtp", "erin", "erin-pw").getAuthorizationID(),
                    "auxprop still accepts");
        } finally {
            TestDaemons.resumeAuthdaemond();
        }
    }

    @Test
    void noPasswordInTheLogsAtLogLevelSeven() throws Exception {
        try (LogCapture log = new LogCapture()) {
            plain(conf, "smtp", "alice", "alice-secret");
            assertThrows(AuthenticationException.class, () -> plain(conf, "smtp", "alice", "alice-secreX"));
            assertTrue(log.text().contains("alice"), log.text());
            log.assertNever("alice-secre");
        }
    }
}
