package org.jsasl.pwcheck.cache;

import org.jsasl.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.jsasl.pwcheck.VerifyResult;
import org.junit.jupiter.api.Test;

class AuthCacheTest {

    private final MutableClock clock = new MutableClock();

    private static AuthCacheKey key(int i) {
        byte[] mac = ByteBuffer.allocate(PasswordMac.LENGTH).putInt(i).array();
        return new AuthCacheKey("smtp", "user" + i + "@example.com", mac);
    }

    private static final VerifyResult OK = new VerifyResult.Accepted(Map.of("home", "/home/u"));

    @Test
    void entryBoundEvictsTheLeastRecentlyUsed() {
        AuthCache cache = new AuthCache(3, 1 << 20, false, clock);
        for (int i = 0; i < 3; i++) {
            cache.put(key(i), OK, Duration.ofHours(1));
        }
        cache.get(key(0)); // now the most recently used
        cache.put(key(3), OK, Duration.ofHours(1));
        assertEquals(3, cache.size());
        assertInstanceOf(AuthCache.Lookup.Fresh.class, cache.get(key(0)));
        assertInstanceOf(AuthCache.Lookup.Miss.class, cache.get(key(1)));
        for (int i = 4; i < 100; i++) {
            cache.put(key(i), OK, Duration.ofHours(1));
        }
        AuthCache.Stats s = cache.stats();
        assertEquals(3, s.entries());
        assertEquals(97, s.evictions());
    }

    @Test
    void byteBoundEvicts() {
        AuthCache cache = new AuthCache(1_000_000, 4096, false, clock);
        for (int i = 0; i < 1000; i++) {
            cache.put(key(i), OK, Duration.ofHours(1));
            assertTrue(cache.stats().bytes() <= 4096, cache.stats().toString());
        }
        AuthCache.Stats s = cache.stats();
        assertTrue(s.entries() > 1 && s.entries() < 30, s.toString());
        assertEquals(1000 - s.entries(), s.evictions());
        assertInstanceOf(AuthCache.Lookup.Fresh.class, cache.get(key(999)));
    }

    @Test
    void anEntryLargerThanTheByteBoundIsNotStored() {
        AuthCache cache = new AuthCache(10, 4096, false, clock);
        cache.put(key(1), new VerifyResult.Accepted(Map.of("big", "x".repeat(5000))), Duration.ofHours(1));
        assertEquals(0, cache.size());
        assertEquals(0, cache.stats().bytes());
    }

    @Test
    void replacingAnEntryKeepsTheByteCountRight() {
        AuthCache cache = new AuthCache(10, 1 << 20, false, clock);
        cache.put(key(1), OK, Duration.ofHours(1));
        long one = cache.stats().bytes();
        cache.put(key(1), OK, Duration.ofHours(1));
        assertEquals(one, cache.stats().bytes());
        cache.clear();
        assertEquals(0, cache.stats().bytes());
    }

    @Test
    void expiredEntriesAreDroppedUnlessAcceptancesMayGoStale() {
        AuthCache plain = new AuthCache(10, 1 << 20, false, clock);
        AuthCache stale = new AuthCache(10, 1 << 20, true, clock);
        for (AuthCache c : new AuthCache[] {plain, stale}) {
            c.put(key(1), OK, Duration.ofSeconds(1));
            c.put(key(2), new VerifyResult.Rejected("wrong password"), Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(1));
        assertInstanceOf(AuthCache.Lookup.Miss.class, plain.get(key(1)));
        assertInstanceOf(AuthCache.Lookup.Miss.class, plain.get(key(2)));
        assertEquals(0, plain.size());
        assertInstanceOf(AuthCache.Lookup.Stale.class, stale.get(key(1)));
        assertInstanceOf(AuthCache.Lookup.Miss.class, stale.get(key(2)));
        assertEquals(1, stale.size());
    }
}
