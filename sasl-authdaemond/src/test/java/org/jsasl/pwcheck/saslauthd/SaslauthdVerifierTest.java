package org.jsasl.pwcheck.saslauthd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.pwcheck.unix.FakeDaemon;
import org.jsasl.server.CanonicalUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saslauthd client against an in-process fake: the request bytes, every kind of reply, and the bounds. */
class SaslauthdVerifierTest {

    private static final DaemonTimeouts FAST = new DaemonTimeouts(Duration.ofMillis(500), Duration.ofMillis(500),
            Duration.ofMillis(700));

    @TempDir
    Path dir;

    private VerifyResult verify(Path socket, String authid, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return new SaslauthdVerifier(socket, FAST).verify(new VerifyRequest(new CanonicalUser(authid, authid, "r"), p,
                    "smtp"));
        }
    }

    private static byte[] counted(String... fields) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        for (String f : fields) {
            byte[] v = f.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) v.length).put(v);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private FakeDaemon fake(byte[] reply) throws Exception {
        return new FakeDaemon(dir.resolve("mux"), 0, (ch, req) -> FakeDaemon.send(ch, reply));
    }

    @Test
    void requestIsFourCountedStringsWithTheRealmSplitAtTheLastAt() throws Exception {
        try (FakeDaemon d = fake(counted("OK"))) {
            assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "a@b@example.org", "secret"));
            assertArrayEquals(counted("a@b", "secret", "smtp", "example.org"), d.requests().get(0));
        }
        try (FakeDaemon d = fake(counted("OK"))) {
            verify(d.socket(), "alice", "secret");
            assertArrayEquals(counted("alice", "secret", "smtp", ""), d.requests().get(0), "no @: empty realm");
        }
    }

    @Test
    void okWithTextAcceptsNoRejects() throws Exception {
        try (FakeDaemon d = fake(counted("OK \"Success.\""))) {
            assertInstanceOf(VerifyResult.Accepted.class, verify(d.socket(), "alice", "secret"));
        }
        try (FakeDaemon d = fake(counted("NO \"authentication failed\""))) {
            assertEquals(new VerifyResult.Rejected("saslauthd said NO"), verify(d.socket(), "alice", "wrong"));
        }
    }

    @Test
    void oddRepliesAreUnavailableNeverAnAccept() throws Exception {
        for (byte[] reply : new byte[][] {counted("OKAY"), counted("O"), counted(""), {0}, {}, {0, 10, 'O', 'K'},
                counted("YES"), "HTTP/1.0 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)}) {
            try (FakeDaemon d = fake(reply)) {
                assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"),
                        java.util.Arrays.toString(reply));
            }
        }
    }

    @Test
    void overlongReplyAndSilenceAreUnavailable() throws Exception {
        try (FakeDaemon d = fake(counted("OK" + "x".repeat(3000)))) {
            assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"));
        }
        try (FakeDaemon d = new FakeDaemon(dir.resolve("mux"), 0, (ch, req) -> Thread.sleep(5000))) {
            assertInstanceOf(VerifyResult.Unavailable.class, verify(d.socket(), "alice", "secret"));
        }
        assertInstanceOf(VerifyResult.Unavailable.class, verify(dir.resolve("nosuch"), "alice", "secret"));
    }

    @Test
    void controlCharactersAndOversizeAreRefusedBeforeSending() throws Exception {
        try (FakeDaemon d = fake(counted("OK"))) {
            assertInstanceOf(VerifyResult.Rejected.class, verify(d.socket(), "alice\0root", "secret"));
            assertInstanceOf(VerifyResult.Rejected.class, verify(d.socket(), "alice", "sec\nret"));
            assertInstanceOf(VerifyResult.Rejected.class, verify(d.socket(), "a".repeat(8000), "p".repeat(200)));
            assertEquals(0, d.requests().size());
        }
    }
}
