package org.jsasl.pwcheck.authdaemond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.pwcheck.unix.FakeDaemon;
import org.jsasl.server.CanonicalUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authdaemond client against an in-process fake, for the replies a real daemon will not give on demand. */
class AuthdaemondVerifierTest {

    private static final DaemonTimeouts FAST = new DaemonTimeouts(Duration.ofMillis(500), Duration.ofMillis(500),
            Duration.ofMillis(700));
    private static final String REQUEST = "AUTH 24\nsmtp\nlogin\nalice\nsecret\n";

    @TempDir
    Path dir;

    private VerifyResult verify(Path socket, String user, String password) {
        return verify(socket, user, password, "smtp");
    }

    private VerifyResult verify(Path socket, String user, String password, String service) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return new AuthdaemondVerifier(socket, FAST).verify(new VerifyRequest(new CanonicalUser(user, user, "r"), p,
                    service));
        }
    }

    private FakeDaemon fake(String reply) throws Exception {
        return new FakeDaemon(dir.resolve("socket"), 0, (ch, req) ->
                FakeDaemon.send(ch, reply.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void requestIsByteExactAndTheAccountFieldsComeBackWithoutPasswords() throws Exception {
        try (FakeDaemon d = fake("UID=1000\nGID=1000\nHOME=/home/alice\nMAILDIR=/home/alice/Maildir\n"
                + "PASSWD=$6$x$y\nPASSWD2=secret\nOPTIONS=disableimap=0\n.\n")) {
            VerifyResult r = verify(d.socket(), "alice", "secret");
            VerifyResult.Accepted a = assertInstanceOf(VerifyResult.Accepted.class, r);
            assertEquals(Map.of("org.jsasl.authdaemond.UID", "1000", "org.jsasl.authdaemond.GID", "1000",
                    "org.jsasl.authdaemond.HOME", "/home/alice", "org.jsasl.authdaemond.MAILDIR", "/home/alice/Maildir",
                    "org.jsasl.authdaemond.OPTIONS", "disableimap=0"), a.properties());
            assertEquals(REQUEST, new String(d.requests().get(0), StandardCharsets.UTF_8));
        }
    }

    @Test
    void failIsARejection() throws Exception {
        try (FakeDaemon d = fake("FAIL\n")) {
            assertEquals(new VerifyResult.Rejected("authdaemond said FAIL"), verify(d.socket(), "alice", "secret"));
        }
    }

    @Test
    void disableServiceInOptionsMakesAnAcceptedAccountADisabledRejection() throws Exception {
        try (FakeDaemon d = fake("UID=1002\nHOME=/home/carol\nOPTIONS=disableimap=0,disablepop3=1\n.\n")) {
            assertEquals(VerifyResult.Rejected.disabled("account disabled for pop3 by authdaemond OPTIONS"),
                    verify(d.socket(), "carol", "secret", "pop3"));
            assertEquals(VerifyResult.Rejected.disabled("account disabled for pop3 by authdaemond OPTIONS"),
                    verify(d.socket(), "carol", "secret", "POP"), "pop is pop3, and the case does not matter");
            assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "carol", "secret", "imap"),
                    "disableimap=0 leaves IMAP on");
            assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "carol", "secret", "smtp"));
        }
    }

    @Test
    void smtpAndSubmissionAreAlsoEsmtp() throws Exception {
        try (FakeDaemon d = fake("UID=1\nOPTIONS=disableesmtp=1\n.\n")) {
            assertTrue(((VerifyResult.Rejected) verify(d.socket(), "u", "p", "smtp")).accountDisabled());
            assertTrue(((VerifyResult.Rejected) verify(d.socket(), "u", "p", "submission")).accountDisabled());
        }
        try (FakeDaemon d = fake("UID=1\nOPTIONS=disablesmtp=1\n.\n")) {
            assertTrue(((VerifyResult.Rejected) verify(d.socket(), "u", "p", "submission")).accountDisabled());
            assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "u", "p", "imap"));
        }
    }

    @Test
    void onlyANonZeroNumberDisables() throws Exception {
        for (String value : new String[] {"0", "", "no", "00"}) {
            try (FakeDaemon d = fake("UID=1\nOPTIONS=disablesmtp=" + value + "\n.\n")) {
                assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "u", "p"), value);
            }
        }
        try (FakeDaemon d = fake("UID=1\nOPTIONS=disablesmtp=2\n.\n")) {
            assertTrue(((VerifyResult.Rejected) verify(d.socket(), "u", "p")).accountDisabled());
        }
    }

    @Test
    void failForADisabledAccountIsAPlainRejection() throws Exception {
        // authdaemond says FAIL for a wrong password before any OPTIONS: nothing tells it is disabled.
        try (FakeDaemon d = fake("FAIL\n")) {
            VerifyResult.Rejected r = assertInstanceOf(VerifyResult.Rejected.class,
                    verify(d.socket(), "carol", "wrong", "pop3"));
            assertFalse(r.accountDisabled());
        }
    }

    @Test
    void aDaemonThatKeepsTheConnectionOpenAfterItsVerdictCostsNoTimeout() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir.resolve("socket"), REQUEST.length(), (ch, req) -> {
            FakeDaemon.send(ch, "UID=1\n.\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(5000);
        })) {
            long t0 = System.nanoTime();
            assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "alice", "secret"));
            assertTrue(System.nanoTime() - t0 < 600_000_000L, "answered before the read timeout");
        }
    }

    @Test
    void eofWithoutAVerdictIsUnavailable() throws Exception {
        try (FakeDaemon d = fake("")) {
            assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"));
        }
        try (FakeDaemon d = fake("UID=1000\nGID=1000\n")) {
            assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"), "truncated");
        }
    }

    @Test
    void garbageAndCrlfAreUnavailableNeverAnAccept() throws Exception {
        for (String reply : new String[] {"OK\n", "fail\n", "FAIL\r\n", ".\r\n", "HTTP/1.0 200 OK\r\n\r\n", "\0\0\0"}) {
            try (FakeDaemon d = fake(reply)) {
                assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"), reply);
            }
        }
    }

    @Test
    void aDaemonThatNeverAnswersTimesOut() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir.resolve("socket"), 0, (ch, req) -> Thread.sleep(5000))) {
            long t0 = System.nanoTime();
            VerifyResult r = verify(d.socket(), "alice", "secret");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            VerifyResult.Unavailable u = assertInstanceOf(VerifyResult.Unavailable.class, r);
            assertTrue(u.reason().contains("timed out"), u.reason());
            assertTrue(ms >= 600 && ms < 3000, "bounded by the read timeout: " + ms + " ms");
        }
    }

    @Test
    void tooMuchIsUnavailable() throws Exception {
        try (FakeDaemon d = fake("X=" + "y".repeat(9000) + "\n.\n")) {
            VerifyResult.Unavailable u = assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "s"));
            assertTrue(u.reason().contains("longer than 8191"), u.reason());
        }
    }

    @Test
    void aMissingSocketOrAStoppedDaemonIsUnavailable() throws Exception {
        assertInstanceOf(VerifyResult.Unavailable.class, verify(dir.resolve("nosuch"), "alice", "secret"));
        FakeDaemon d = fake("FAIL\n");
        d.close();
        assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"));
    }

    @Test
    void controlCharactersAreRefusedBeforeAnythingIsSent() throws Exception {
        try (FakeDaemon d = fake(".\n")) {
            for (String[] up : new String[][] {{"alice\nsecret", "x"}, {"alice", "secret\nFAIL"}, {"al\rice", "s"},
                    {"alice", "se\0cret"}, {"alice\t", "s"}}) {
                assertEquals(new VerifyResult.Rejected("user name, password or service holds a control character"),
                        verify(d.socket(), up[0], up[1]));
            }
            assertEquals(0, d.requests().size(), "nothing reached the daemon");
        }
    }

    @Test
    void overlongRequestIsRejectedBeforeSending() throws Exception {
        try (FakeDaemon d = fake(".\n")) {
            assertInstanceOf(VerifyResult.Rejected.class, verify(d.socket(), "a".repeat(8000), "p".repeat(500)));
            assertEquals(0, d.requests().size());
        }
    }

    @Test
    void nonAsciiUsersAndPasswordsGoAsUtf8WithTheirByteCount() throws Exception {
        String req = "AUTH 23\nsmtp\nlogin\nj\u00fcrg\np\u00e4ss\n";
        int bytes = req.getBytes(StandardCharsets.UTF_8).length;
        try (FakeDaemon d = new FakeDaemon(dir.resolve("socket"), bytes, (ch, r) ->
                FakeDaemon.send(ch, "FAIL\n".getBytes(StandardCharsets.US_ASCII)))) {
            verify(d.socket(), "j\u00fcrg", "p\u00e4ss");
            assertEquals(req, new String(d.requests().get(0), StandardCharsets.UTF_8));
        }
    }
}
