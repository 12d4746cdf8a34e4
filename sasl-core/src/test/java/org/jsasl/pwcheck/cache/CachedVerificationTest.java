package org.jsasl.pwcheck.cache;

import org.jsasl.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.SaslLog;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.FakeMechanism;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.MemoryAuxpropFactory;
import org.junit.jupiter.api.Test;

class CachedVerificationTest {

    private static final SaslLog LOG = SaslLog.of(CachedVerification.class, 7);

    private final MutableClock clock = new MutableClock();

    /** The backend: the context's verifiers, counted, and "down" (unavailable, not asked) at will. */
    private static final class Backend implements Function<VerifyRequest, VerifyResult> {
        final ServerContext context;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();

        Backend(ServerContext context) {
            this.context = context;
        }

        @Override
        public VerifyResult apply(VerifyRequest request) {
            calls.incrementAndGet();
            return down.get() ? new VerifyResult.Unavailable("backend switched off", null)
                    : context.verifiers().verify(request);
        }
    }

    private static ServerContext context(String... keysAndValues) throws ConfigException {
        return ServerContext.create(SaslConfig.of(keysAndValues), List.of(FakeMechanism.plainLike("PLAIN")));
    }

    private static ServerContext memory() throws ConfigException {
        return context("auxprop_plugin", "memory", "memory_userpassword", "alice@example.com=secret");
    }

    private CachedVerification cache(String... keysAndValues) throws ConfigException {
        // The first occurrence of a key wins: the test's values, then a default size.
        List<String> kv = new ArrayList<>(List.of(keysAndValues));
        kv.addAll(List.of("jsasl_auth_cache_size", "100"));
        return CachedVerification.create(AuthCacheSettings.of(SaslConfig.of(kv.toArray(String[]::new))), LOG, clock);
    }

    private static CanonicalUser user(String authid) {
        int at = authid.indexOf('@');
        return new CanonicalUser(authid, authid.substring(0, at), authid.substring(at + 1));
    }

    private static VerifyResult check(CachedVerification cv, Backend backend, String service, String authid,
            String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return cv.verify(new VerifyRequest(user(authid), p, service), backend);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    private static VerifyResult check(CachedVerification cv, Backend backend, String authid, String password) {
        return check(cv, backend, "smtp", authid, password);
    }

    private static AuthOutcome login(ServerContext ctx, String authcid, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return ctx.authenticator("smtp", "example.com", "example.com", null).authenticate(authcid, "", p);
        }
    }

    @Test
    void secondRightLoginIsAHitThroughServerContext() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice@example.com=secret",
                "jsasl_auth_cache_size", "100")) {
            assertTrue(ctx.authCache().enabled());
            long before = MemoryAuxpropFactory.LOOKUPS.get();
            assertInstanceOf(AuthOutcome.Accepted.class, login(ctx, "alice", "secret"));
            long afterFirst = MemoryAuxpropFactory.LOOKUPS.get();
            assertTrue(afterFirst > before);
            assertInstanceOf(AuthOutcome.Accepted.class, login(ctx, "alice", "secret"));
            assertEquals(afterFirst, MemoryAuxpropFactory.LOOKUPS.get(), "the hit must not ask the backend");
            AuthCache.Stats s = ctx.authCache().stats().orElseThrow();
            assertEquals(1, s.hits());
            assertEquals(1, s.misses());
            assertEquals(1, s.entries());
            assertEquals(0.5, s.hitRatio());
            ctx.close();
            assertEquals(0, ctx.authCache().stats().orElseThrow().entries(), "close empties the cache");
        }
    }

    @Test
    void offByDefaultInServerContext() throws Exception {
        try (ServerContext ctx = memory()) {
            assertFalse(ctx.authCache().enabled());
            long before = MemoryAuxpropFactory.LOOKUPS.get();
            login(ctx, "alice@example.com", "secret");
            login(ctx, "alice@example.com", "secret");
            assertEquals(2, MemoryAuxpropFactory.LOOKUPS.get() - before);
        }
    }

    @Test
    void acceptanceKeepsItsPropertiesAndIsPerService() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "alice@example.com=secret");
                CachedVerification cv = cache()) {
            Backend backend = new Backend(ctx);
            VerifyResult first = check(cv, backend, "alice@example.com", "secret");
            VerifyResult second = check(cv, backend, "alice@example.com", "secret");
            assertEquals(first, second);
            assertEquals(Map.of("org.jsasl.test.home", "/home/alice@example.com"),
                    ((VerifyResult.Accepted) second).properties());
            assertEquals(1, backend.calls.get());
            check(cv, backend, "imap", "alice@example.com", "secret");
            assertEquals(2, backend.calls.get(), "another service is another entry");
        }
    }

    @Test
    void passwordChangedInTheBackend() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_ttl", "60")) {
            Backend backend = new Backend(ctx);
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "secret"));
            byte[] pw = "changed".getBytes(StandardCharsets.UTF_8);
            try (Password p = Password.copyOf(pw, 0, pw.length)) {
                ctx.setPassword("alice@example.com", "example.com", null, p);
            }
            // The new password has another HMAC: a miss, answered by the backend at once.
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "changed"));
            assertEquals(2, backend.calls.get());
            // The old one stays good until its entry expires (the TTL is the bound on staleness) ...
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(2, backend.calls.get());
            clock.advance(Duration.ofSeconds(61));
            // ... then the backend says no.
            assertInstanceOf(VerifyResult.Rejected.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(3, backend.calls.get());
        }
    }

    @Test
    void positiveEntryExpiresAfterTheTtl() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_ttl", "10m")) {
            Backend backend = new Backend(ctx);
            check(cv, backend, "alice@example.com", "secret");
            clock.advance(Duration.ofMinutes(10).minusMillis(1));
            check(cv, backend, "alice@example.com", "secret");
            assertEquals(1, backend.calls.get(), "within the TTL");
            clock.advance(Duration.ofMillis(1));
            check(cv, backend, "alice@example.com", "secret");
            assertEquals(2, backend.calls.get(), "at the TTL");
        }
    }

    @Test
    void negativeEntryShortCircuitsTheSameWrongPasswordUntilItsTtl() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_negative_ttl", "30s")) {
            Backend backend = new Backend(ctx);
            assertInstanceOf(VerifyResult.Rejected.class, check(cv, backend, "alice@example.com", "wrong"));
            assertInstanceOf(VerifyResult.Rejected.class, check(cv, backend, "alice@example.com", "wrong"));
            assertEquals(1, backend.calls.get());
            // The right password after a cached rejection of another one: a miss, accepted.
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(2, backend.calls.get());
            clock.advance(Duration.ofSeconds(30));
            assertInstanceOf(VerifyResult.Rejected.class, check(cv, backend, "alice@example.com", "wrong"));
            assertEquals(3, backend.calls.get());
        }
    }

    @Test
    void zeroNegativeTtlCachesNoRejection() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_negative_ttl", "0")) {
            Backend backend = new Backend(ctx);
            check(cv, backend, "alice@example.com", "wrong");
            check(cv, backend, "alice@example.com", "wrong");
            assertEquals(2, backend.calls.get());
            assertEquals(0, cv.stats().orElseThrow().entries());
        }
    }

    @Test
    void disabledAccountIsCachedAsARejection() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "alice@example.com=secret",
                "testusers_disabled", "alice@example.com"); CachedVerification cv = cache()) {
            Backend backend = new Backend(ctx);
            check(cv, backend, "alice@example.com", "secret");
            VerifyResult r = check(cv, backend, "alice@example.com", "secret");
            assertTrue(((VerifyResult.Rejected) r).accountDisabled());
            assertEquals(1, backend.calls.get());
        }
    }

    @Test
    void unavailableIsNeverCached() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "alice@example.com=secret",
                "testusers_all_down", "yes"); CachedVerification cv = cache("jsasl_auth_cache_stale_if_unavailable",
                        "yes")) {
            Backend backend = new Backend(ctx);
            assertInstanceOf(VerifyResult.Unavailable.class, check(cv, backend, "alice@example.com", "secret"));
            assertInstanceOf(VerifyResult.Unavailable.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(2, backend.calls.get());
            assertEquals(0, cv.stats().orElseThrow().entries());
        }
    }

    @Test
    void staleIfUnavailableServesAnExpiredAcceptanceOfTheSamePassword() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_ttl", "60",
                "jsasl_auth_cache_stale_if_unavailable", "yes")) {
            Backend backend = new Backend(ctx);
            check(cv, backend, "alice@example.com", "secret");
            clock.advance(Duration.ofHours(5));
            backend.down.set(true);
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(2, backend.calls.get(), "the backend is asked first");
            assertEquals(1, cv.stats().orElseThrow().staleServed());
            // Only the same password: another one gets the backend's answer.
            assertInstanceOf(VerifyResult.Unavailable.class, check(cv, backend, "alice@example.com", "guess"));
            // A backend that answers again replaces the entry with its verdict.
            backend.down.set(false);
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "secret"));
            assertInstanceOf(VerifyResult.Accepted.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(4, backend.calls.get());
        }
    }

    @Test
    void withoutStaleIfUnavailableAnExpiredAcceptanceIsNotServed() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_ttl", "60")) {
            Backend backend = new Backend(ctx);
            check(cv, backend, "alice@example.com", "secret");
            clock.advance(Duration.ofSeconds(61));
            backend.down.set(true);
            assertInstanceOf(VerifyResult.Unavailable.class, check(cv, backend, "alice@example.com", "secret"));
            assertEquals(0, cv.stats().orElseThrow().staleServed());
            assertEquals(0, cv.stats().orElseThrow().entries(), "the expired entry is dropped");
        }
    }

    @Test
    void staleIsNeverARejection() throws Exception {
        try (ServerContext ctx = memory(); CachedVerification cv = cache("jsasl_auth_cache_negative_ttl", "60",
                "jsasl_auth_cache_stale_if_unavailable", "yes")) {
            Backend backend = new Backend(ctx);
            check(cv, backend, "alice@example.com", "wrong");
            clock.advance(Duration.ofSeconds(61));
            backend.down.set(true);
            assertInstanceOf(VerifyResult.Unavailable.class, check(cv, backend, "alice@example.com", "wrong"));
        }
    }

    @Test
    void passwordMacIsKeyedPerInstanceAndIsNoPlainHash() throws Exception {
        byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            PasswordMac one = new PasswordMac();
            PasswordMac two = new PasswordMac();
            assertTrue(Arrays.equals(one.mac(p), one.mac(p)));
            assertFalse(Arrays.equals(one.mac(p), two.mac(p)));
            assertFalse(Arrays.equals(one.mac(p), MessageDigest.getInstance("SHA-256").digest(pw)));
            assertEquals(PasswordMac.LENGTH, one.mac(p).length);
            assertEquals("secret", new String(p.bytes(), StandardCharsets.UTF_8), "the password is read, not changed");
        }
    }

    @Test
    void noPasswordInLogsOrToString() throws Exception {
        String secret = "Tr0ub4dor-and-3";
        try (LogCapture logs = new LogCapture();
                ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "alice@example.com=" + secret,
                        "log_level", "7", "jsasl_auth_cache_size", "10")) {
            login(ctx, "alice", secret);
            login(ctx, "alice", secret);
            login(ctx, "alice", secret + "x");
            login(ctx, "alice", secret + "x");
            String text = logs.text();
            assertTrue(text.contains("auth cache hit for 'alice@example.com' (smtp): accepted"), text);
            assertTrue(text.contains("auth cache miss for 'alice@example.com' (smtp)"), text);
            logs.assertNever(secret);
            assertFalse(ctx.authCache().toString().contains(secret));
            assertFalse(ctx.toString().contains(secret));
            AuthCacheKey key = new AuthCacheKey("smtp", "alice@example.com", new byte[PasswordMac.LENGTH]);
            assertEquals("AuthCacheKey[smtp, alice@example.com, password redacted]", key.toString());
        }
    }

    @Test
    void concurrentChecksStayCorrectAndBounded() throws Exception {
        int users = 200;
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < users; i++) {
            pairs.append("u").append(i).append("@example.com=pw").append(i).append(' ');
        }
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", pairs.toString().trim());
                CachedVerification cv = cache("jsasl_auth_cache_size", "50", "jsasl_auth_cache_ttl", "1")) {
            Backend backend = new Backend(ctx);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    int wrongAnswers = 0;
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 3000; i++) {
                        int u = random.nextInt(users);
                        boolean right = random.nextInt(4) != 0;
                        if (i % 500 == 0) {
                            clock.advance(Duration.ofMillis(700));
                        }
                        VerifyResult r = check(cv, backend, "u" + u + "@example.com", right ? "pw" + u : "bad" + u);
                        if ((r instanceof VerifyResult.Accepted) != right) {
                            wrongAnswers++;
                        }
                        if (cv.stats().orElseThrow().entries() > 50) {
                            wrongAnswers += 1000;
                        }
                    }
                    return wrongAnswers;
                }));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            for (Future<Integer> f : done) {
                assertEquals(0, f.get());
            }
            AuthCache.Stats s = cv.stats().orElseThrow();
            assertTrue(s.entries() <= 50, s.toString());
            assertEquals(16 * 3000, s.hits() + s.misses());
            assertEquals(s.misses(), backend.calls.get());
            assertTrue(s.hits() > 0 && s.evictions() > 0, s.toString());
        }
    }

    @Test
    void offCallsTheBackendEveryTime() throws Exception {
        try (ServerContext ctx = memory()) {
            Backend backend = new Backend(ctx);
            CachedVerification off = CachedVerification.create(AuthCacheSettings.OFF, LOG);
            check(off, backend, "alice@example.com", "secret");
            check(off, backend, "alice@example.com", "secret");
            assertEquals(2, backend.calls.get());
            assertNotEquals(true, off.stats().isPresent());
        }
    }
}
