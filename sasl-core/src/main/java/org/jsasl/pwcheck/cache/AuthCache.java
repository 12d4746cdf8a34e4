package org.jsasl.pwcheck.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jsasl.pwcheck.VerifyResult;

/**
 * A bounded, thread-safe store of password check results, least recently used evicted first when
 * either bound (entries, estimated bytes) is passed. Entries expire at the time given when they are
 * stored; an expired acceptance is kept (until evicted or replaced) only when stale entries may be
 * served, every other expired entry is dropped when found. It stores what it is given: deciding
 * what may be cached ({@link VerifyResult.Unavailable} never) is {@link CachedVerification}'s job.
 */
public final class AuthCache {

    /** What a lookup found. */
    public sealed interface Lookup {
        /** Nothing usable. */
        record Miss() implements Lookup {
        }

        /** A result within its lifetime. */
        record Fresh(VerifyResult result) implements Lookup {
        }

        /** An acceptance past its lifetime, kept for when the backend is unavailable. */
        record Stale(VerifyResult.Accepted result) implements Lookup {
        }
    }

    /**
     * Counters since the cache was made, and the current fill.
     *
     * @param hits lookups that found a fresh entry
     * @param misses lookups that did not (stale ones included)
     * @param staleServed expired acceptances answered because the backend was unavailable
     * @param evictions entries dropped for a bound
     * @param entries entries now
     * @param bytes estimated bytes now
     */
    public record Stats(long hits, long misses, long staleServed, long evictions, int entries, long bytes) {
        /** Hits over lookups, 0 before any. */
        public double hitRatio() {
            long n = hits + misses;
            return n == 0 ? 0 : (double) hits / n;
        }
    }

    private static final Lookup MISS = new Lookup.Miss();
    /** The map's node, the entry object, the result and its record fields, roughly. */
    private static final long ENTRY_OVERHEAD = 48 + 32 + 32;

    private record Entry(VerifyResult result, long expiresAtMillis, long bytes) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final boolean keepStale;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    // Access order: the eldest is the least recently used. Guarded by lock.
    private final LinkedHashMap<AuthCacheKey, Entry> map = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long staleServed;
    private long evictions;

    /**
     * @param maxEntries most entries, at least 1
     * @param maxBytes most estimated bytes
     * @param keepStale whether expired acceptances are kept for {@link Lookup.Stale}
     * @param clock the time entries expire by (tests pass a clock they move)
     */
    public AuthCache(int maxEntries, long maxBytes, boolean keepStale, Clock clock) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("cache bounds must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.keepStale = keepStale;
        this.clock = clock;
    }

    /** Looks {@code key} up, counting a hit or a miss. */
    public Lookup get(AuthCacheKey key) {
        long now = clock.millis();
        lock.lock();
        try {
            Entry e = map.get(key);
            if (e == null) {
                misses++;
                return MISS;
            }
            if (now < e.expiresAtMillis()) {
                hits++;
                return new Lookup.Fresh(e.result());
            }
            misses++;
            if (keepStale && e.result() instanceof VerifyResult.Accepted a) {
                return new Lookup.Stale(a);
            }
            removeLocked(key);
            return MISS;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores {@code result} under {@code key} for {@code ttl}, replacing what was there, then evicts
     * the least recently used entries until both bounds hold. An entry larger than the byte bound
     * alone is not stored.
     */
    public void put(AuthCacheKey key, VerifyResult result, Duration ttl) {
        long size = ENTRY_OVERHEAD + key.estimatedBytes() + estimatedBytes(result);
        if (size > maxBytes) {
            return;
        }
        long expires = clock.millis() + ttl.toMillis();
        lock.lock();
        try {
            Entry old = map.put(key, new Entry(result, expires, size));
            if (old != null) {
                bytes -= old.bytes();
            }
            bytes += size;
            Iterator<Map.Entry<AuthCacheKey, Entry>> eldest = map.entrySet().iterator();
            while ((map.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
                Map.Entry<AuthCacheKey, Entry> victim = eldest.next();
                bytes -= victim.getValue().bytes();
                eldest.remove();
                evictions++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts an expired acceptance answered in place of an unavailable backend. */
    void countStaleServed() {
        lock.lock();
        try {
            staleServed++;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every entry (the counters stay). */
    public void clear() {
        lock.lock();
        try {
            map.clear();
            bytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /** The number of entries now. */
    public int size() {
        lock.lock();
        try {
            return map.size();
        } finally {
            lock.unlock();
        }
    }

    /** The counters and fill now. */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(hits, misses, staleServed, evictions, map.size(), bytes);
        } finally {
            lock.unlock();
        }
    }

    private void removeLocked(AuthCacheKey key) {
        Entry e = map.remove(key);
        if (e != null) {
            bytes -= e.bytes();
        }
    }

    /** A rough count of the heap bytes a result holds: its strings at two bytes a char, its map. */
    static long estimatedBytes(VerifyResult result) {
        if (result instanceof VerifyResult.Accepted a) {
            long n = 48;
            for (Map.Entry<String, String> p : a.properties().entrySet()) {
                n += 32 + 40 + 2L * p.getKey().length() + 40 + 2L * p.getValue().length();
            }
            return n;
        }
        if (result instanceof VerifyResult.Rejected r) {
            return 40 + 2L * r.reason().length();
        }
        return 0;
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "AuthCache[entries=" + s.entries() + "/" + maxEntries + ", bytes=" + s.bytes() + "/" + maxBytes + "]";
    }
}
