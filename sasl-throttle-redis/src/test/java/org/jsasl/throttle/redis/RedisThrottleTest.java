package org.jsasl.throttle.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.TestServices;
import org.jsasl.testkit.TestUsersVerifierFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jsasl_throttle: redis against the real redis-server of scripts/services/redis: two ServerContexts
 * (two jsasl processes of one cluster) share its counters; with Redis stopped, "open" decides from
 * local counters and "closed" refuses, each within the timeout, and nothing is accepted that the
 * counters would refuse.
 */
@Timeout(120)
class RedisThrottleTest {

    private static final long TIMEOUT_MS = 200;

    private static Map<String, String> env() {
        return TestServices.require("Redis", List.of("JSASL_REDIS_URI", "JSASL_REDIS_SCRIPT"));
    }

    private static ServerContext context(String uri, String prefix, String down) throws ConfigException {
        return ServerContext.create(SaslConfig.of("pwcheck_method", "testusers", "testusers", "bob=right",
                "jsasl_throttle", "redis", "jsasl_throttle_redis", uri, "jsasl_throttle_redis_timeout",
                TIMEOUT_MS + "ms", "jsasl_throttle_redis_down", down, "jsasl_throttle_redis_prefix", prefix,
                "jsasl_throttle_user_failures", "3", "jsasl_throttle_address_failures", "10"));
    }

    private static AuthOutcome auth(ServerContext ctx, String address, String user, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return ctx.authenticator("smtp", "mail.example.com", null, null, address).authenticate(user, "", p);
        }
    }

    private static String prefix() {
        return "jsasl-test:" + UUID.randomUUID() + ":";
    }

    @Test
    void twoContextsSharingOneRedisSeeEachOthersFailures() throws Exception {
        String uri = env().get("JSASL_REDIS_URI");
        String prefix = prefix();
        try (ServerContext a = context(uri, prefix, "closed"); ServerContext b = context(uri, prefix, "closed")) {
            assertInstanceOf(RedisThrottle.class, a.throttle());
            assertInstanceOf(AuthOutcome.Rejected.class, auth(a, "192.0.2.1", "bob", "wrong"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(b, "192.0.2.2", "bob", "wrong"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(a, "192.0.2.3", "bob", "wrong"));
            long before = TestUsersVerifierFactory.CHECKS.get();
            for (ServerContext ctx : List.of(a, b)) {
                AuthOutcome.Unavailable u = assertInstanceOf(AuthOutcome.Unavailable.class,
                        auth(ctx, "198.51.100.1", "bob", "right"), "the right password does not get in");
                assertTrue(u.throttled());
                assertEquals("too many failures for this user", u.reason());
            }
            assertEquals(before, TestUsersVerifierFactory.CHECKS.get(), "no backend was asked");
            assertEquals(2, ((RedisThrottle) a.throttle()).local().userFailures("bob"),
                    "each process' own counters hold only its own failures");
            try (ServerContext other = context(uri, prefix(), "closed")) {
                assertInstanceOf(AuthOutcome.Accepted.class, auth(other, "198.51.100.1", "bob", "right"),
                        "another prefix is another cluster");
            }
        }
    }

    @Test
    void redisStoppedOpenUsesLocalCountersClosedRefusesBothWithinTheTimeout() throws Exception {
        Map<String, String> env = env();
        String uri = env.get("JSASL_REDIS_URI");
        Path script = Path.of(env.get("JSASL_REDIS_SCRIPT"));
        try (ServerContext open = context(uri, prefix(), "open"); ServerContext closed = context(uri, prefix(), "closed")) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(closed, "192.0.2.9", "bob", "right"));
            try {
                TestServices.run(script, "stop");
                long t0 = System.nanoTime();
                AuthOutcome.Unavailable refused = assertInstanceOf(AuthOutcome.Unavailable.class,
                        auth(closed, "192.0.2.9", "bob", "right"), "closed: no accept while Redis is down");
                assertTrue(refused.throttled());
                assertEquals("throttle store unavailable", refused.reason());
                long closedMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(closedMs < 3 * TIMEOUT_MS + 500, "closed answered in " + closedMs + " ms");
                assertTrue(((RedisThrottle) closed.throttle()).isDown());

                t0 = System.nanoTime();
                assertInstanceOf(AuthOutcome.Accepted.class, auth(open, "192.0.2.9", "bob", "right"),
                        "open: the local counters (empty) decide");
                for (int i = 0; i < 3; i++) {
                    assertInstanceOf(AuthOutcome.Rejected.class, auth(open, "192.0.2.9", "bob", "wrong"));
                }
                AuthOutcome.Unavailable blocked = assertInstanceOf(AuthOutcome.Unavailable.class,
                        auth(open, "192.0.2.9", "bob", "right"), "open: the local limit still holds");
                assertTrue(blocked.throttled());
                long openMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(openMs < 5 * (3 * TIMEOUT_MS) + 1000, "five attempts took " + openMs + " ms");
            } finally {
                TestServices.run(script, "resume");
            }
            // Lettuce reconnects within about a second; the closed side lets the right password in again.
            long deadline = System.nanoTime() + 20_000_000_000L;
            AuthOutcome after;
            do {
                Thread.sleep(200);
                after = auth(closed, "192.0.2.9", "bob", "right");
            } while (!(after instanceof AuthOutcome.Accepted) && System.nanoTime() < deadline);
            assertInstanceOf(AuthOutcome.Accepted.class, after, "after resume Redis decides again");
            assertFalse(((RedisThrottle) closed.throttle()).isDown());
        }
    }

    @Test
    void settingsAreCheckedWithFileLineAndKey() {
        ConfigException missing = assertThrows(ConfigException.class, () -> ServerContext.create(
                SaslConfig.of("pwcheck_method", "testusers", "jsasl_throttle", "redis")));
        assertEquals("jsasl_throttle", missing.key());
        ConfigException down = assertThrows(ConfigException.class, () -> RedisThrottleSettings.of(
                SaslConfig.of("jsasl_throttle_redis", "redis://127.0.0.1:1/0", "jsasl_throttle_redis_down", "maybe")));
        assertEquals("jsasl_throttle_redis_down", down.key());
        ConfigException timeout = assertThrows(ConfigException.class, () -> RedisThrottleSettings.of(
                SaslConfig.of("jsasl_throttle_redis", "redis://127.0.0.1:1/0", "jsasl_throttle_redis_timeout", "1ms")));
        assertEquals("jsasl_throttle_redis_timeout", timeout.key());
        ConfigException uri = assertThrows(ConfigException.class, () -> RedisThrottleSettings.of(
                SaslConfig.of("jsasl_throttle_redis", "http://user:s3cret@host/")));
        assertEquals("jsasl_throttle_redis", uri.key());
        assertFalse(uri.getMessage().contains("s3cret"), "the URI's password is not repeated");
    }
}
