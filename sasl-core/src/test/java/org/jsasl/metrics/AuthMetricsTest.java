package org.jsasl.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.PasswordSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.CallbackAuthenticator;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.MapCallbackHandler;
import org.jsasl.testkit.FakeMechanism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics SPI as sasl-core's own hooks drive it: outcomes per mechanism and service from
 * {@code MechanismSaslServer}, per verifier from {@code VerifierChain}; and the no-op default,
 * on a class path without Micrometer (sasl-core's tests never have it).
 */
class AuthMetricsTest {

    /** Counts by "mechanism service outcome" and "verifier outcome". */
    static class Recording implements AuthMetrics {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final AtomicLong verifierNanos = new AtomicLong();

        @Override
        public void authentication(String mechanism, String service, Outcome outcome) {
            counts.computeIfAbsent(mechanism + " " + service + " " + outcome.tag(), k -> new AtomicLong())
                    .incrementAndGet();
        }

        @Override
        public void verifier(String verifier, Outcome outcome, long nanos) {
            counts.computeIfAbsent(verifier + " " + outcome.tag(), k -> new AtomicLong()).incrementAndGet();
            assertTrue(nanos >= 0);
            verifierNanos.addAndGet(nanos);
        }

        long count(String key) {
            AtomicLong n = counts.get(key);
            return n == null ? 0 : n.get();
        }
    }

    /** A PLAIN-like mechanism of sasl-core alone: "user NUL password" in one message. */
    private static final class TestPlain extends PasswordSaslServer {
        TestPlain(ServerSession session) {
            super(session);
        }

        @Override
        public String getMechanismName() {
            return "TESTPLAIN";
        }

        @Override
        protected byte[] firstChallenge() {
            return new byte[0];
        }

        @Override
        protected byte[] step(byte[] response) throws SaslException {
            String s = new String(response, StandardCharsets.UTF_8);
            int nul = s.indexOf('\0');
            if (nul < 0 || nul == s.length() - 1) {
                // As PLAIN refuses an empty password in its step, before asking any backend.
                throw new AuthenticationException("TESTPLAIN: empty password");
            }
            byte[] pw = s.substring(nul + 1).getBytes(StandardCharsets.UTF_8);
            return finish(s.substring(0, nul), "", Password.copyOf(pw, 0, pw.length));
        }

        @Override
        protected void clearSecrets() {
        }
    }

    private ServerContext context;
    private AuthMetrics before;

    @BeforeEach
    void open() throws Exception {
        before = AuthMetrics.install(AuthMetrics.NOOP);
        context = ServerContext.create(SaslConfig.of("pwcheck_method", "testusers", "testusers", "alice=secret",
                "testusers_down", "bob"), List.of(FakeMechanism.plainLike("TESTPLAIN")));
    }

    @AfterEach
    void close() {
        AuthMetrics.install(before);
        context.close();
    }

    /** Runs one exchange; returns null when accepted, else the exception. */
    private SaslException login(String service, String message) {
        ServerSession session = new ServerSession(service, "host.example", context.authenticator(service,
                "host.example", null, null), context.log(), true);
        try {
            assertNull(new TestPlain(session).evaluateResponse(message.getBytes(StandardCharsets.UTF_8)));
            return null;
        } catch (SaslException e) {
            return e;
        }
    }

    @Test
    void outcomesAreCountedPerMechanismServiceAndVerifier() {
        Recording r = new Recording();
        AuthMetrics.install(r);
        assertTrue(AuthMetrics.enabled());

        assertNull(login("smtp", "alice\0secret"));
        assertNull(login("imap", "alice\0secret"));
        assertTrue(login("smtp", "alice\0wrong") instanceof AuthenticationException);
        assertTrue(login("smtp", "nobody\0secret") instanceof AuthenticationException);
        assertTrue(login("smtp", "bob\0secret") instanceof SaslUnavailableException);
        assertTrue(login("smtp", "alice\0") instanceof AuthenticationException);

        assertEquals(1, r.count("TESTPLAIN smtp accepted"));
        assertEquals(1, r.count("TESTPLAIN imap accepted"));
        assertEquals(3, r.count("TESTPLAIN smtp rejected"));
        assertEquals(1, r.count("TESTPLAIN smtp unavailable"));
        assertEquals(0, r.count("TESTPLAIN imap rejected"));
        // The empty password never reached the verifier: five checks, not six.
        assertEquals(2, r.count("testusers accepted"));
        assertEquals(2, r.count("testusers rejected"));
        assertEquals(1, r.count("testusers unavailable"));
        assertEquals(11, r.counts.values().stream().mapToLong(AtomicLong::get).sum());
    }

    @Test
    void aThrottledAttemptIsCountedAsThrottledNotUnavailable() throws Exception {
        context.close();
        context = ServerContext.create(SaslConfig.of("pwcheck_method", "testusers", "testusers", "alice=secret",
                "jsasl_throttle", "local", "jsasl_throttle_user_failures", "1"), List.of(FakeMechanism.plainLike("TESTPLAIN")));
        Recording r = new Recording();
        AuthMetrics.install(r);
        assertTrue(login("smtp", "alice\0wrong") instanceof AuthenticationException);
        assertTrue(login("smtp", "alice\0secret") instanceof SaslUnavailableException);   // blocked
        assertEquals(1, r.count("TESTPLAIN smtp rejected"));
        assertEquals(1, r.count("TESTPLAIN smtp throttled"));
        assertEquals(0, r.count("TESTPLAIN smtp unavailable"));
        assertEquals(1, r.count("testusers rejected"), "the blocked attempt asked no verifier");
    }

    @Test
    void anAuthCacheReportsItsHitsAndMissesWhileItsContextLives() throws Exception {
        java.util.concurrent.atomic.AtomicReference<AuthMetrics.CacheGauges> seen = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        AuthMetrics.install(new Recording() {
            @Override
            public Registration cache(String cache, CacheGauges gauges) {
                assertEquals("jsasl-auth-cache", cache);
                seen.set(gauges);
                return () -> closed.set(true);
            }
        });
        context.close();
        context = ServerContext.create(SaslConfig.of("pwcheck_method", "testusers", "testusers", "alice=secret",
                "jsasl_auth_cache_size", "100"), List.of(FakeMechanism.plainLike("TESTPLAIN")));
        assertNull(login("smtp", "alice\0secret"));
        assertNull(login("smtp", "alice\0secret"));
        assertEquals(1, seen.get().hits());
        assertEquals(1, seen.get().misses());
        assertEquals(1, seen.get().entries());
        context.close();
        assertTrue(closed.get(), "the gauges end with the context");
    }

    @Test
    void jdkModeIsCountedToo() throws Exception {
        Recording r = new Recording();
        AuthMetrics.install(r);
        ServerSession session = new ServerSession("imap", "host.example",
                new CallbackAuthenticator(MapCallbackHandler.of(Map.of("carol", "pw"))), context.log(), true);
        assertNull(new TestPlain(session).evaluateResponse("carol\0pw".getBytes(StandardCharsets.UTF_8)));
        assertThrows(AuthenticationException.class, () -> new TestPlain(session)
                .evaluateResponse("carol\0nope".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, r.count("TESTPLAIN imap accepted"));
        assertEquals(1, r.count("TESTPLAIN imap rejected"));
        // No pwcheck_method in JDK mode: the application's handler is no verifier.
        assertEquals(2, r.counts.size());
    }

    @Test
    void nothingInstalledIsTheNoOpAndLoginsWork() {
        assertSame(AuthMetrics.NOOP, AuthMetrics.current());
        assertFalse(AuthMetrics.enabled());
        assertNull(login("smtp", "alice\0secret"));
        assertTrue(login("smtp", "alice\0wrong") instanceof AuthenticationException);
    }

    @Test
    void installReturnsWhatWasInstalledAndNullMeansOff() {
        Recording r = new Recording();
        assertSame(AuthMetrics.NOOP, AuthMetrics.install(r));
        assertSame(r, AuthMetrics.install(null));
        assertSame(AuthMetrics.NOOP, AuthMetrics.current());
    }

    @Test
    void aThrowingImplementationNeverFailsALogin() {
        AuthMetrics.install(new AuthMetrics() {
            @Override
            public void authentication(String mechanism, String service, Outcome outcome) {
                throw new IllegalStateException("broken metrics");
            }

            @Override
            public void verifier(String verifier, Outcome outcome, long nanos) {
                throw new IllegalStateException("broken metrics");
            }
        });
        assertNull(login("smtp", "alice\0secret"));
        assertTrue(login("smtp", "alice\0wrong") instanceof AuthenticationException);
    }

    @Test
    void saslCoreTestsRunWithoutMicrometer() {
        // The point of the optional binding: this class path has no Micrometer, and the hooks above ran.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));
    }

    @Test
    void outcomeTags() {
        assertArrayEquals(new String[] {"accepted", "rejected", "unavailable", "throttled"},
                java.util.Arrays.stream(AuthMetrics.Outcome.values()).map(AuthMetrics.Outcome::tag).toArray());
    }
}
