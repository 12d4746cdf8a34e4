package org.jsasl.pwcheck.cache;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.server.SaslLog;

/**
 * Password checks answered from an {@link AuthCache} when it can, from the backend otherwise, as
 * Dovecot's {@code auth_cache_*} and saslauthd's {@code -c} do. A result is filed under (service,
 * canonical user, HMAC of the password under this object's random key), so only the same password
 * finds it: a password changed in the backend takes effect at once for the new password and when
 * the old one's entry expires for the old one. Acceptances (with their properties) live
 * {@code jsasl_auth_cache_ttl}, rejections (disabled accounts included)
 * {@code jsasl_auth_cache_negative_ttl}; "unavailable" is never stored, and with
 * {@code jsasl_auth_cache_stale_if_unavailable} an expired acceptance of the same password answers
 * while the backend is unavailable. Thread-safe; logs hits and misses at {@code log_level} 5
 * (debug), naming the user, never the password.
 */
public final class CachedVerification implements AutoCloseable {

    /** No cache: every check goes to the backend. */
    public static final CachedVerification OFF = new CachedVerification(AuthCacheSettings.OFF, null, null);

    private final AuthCacheSettings settings;
    private final SaslLog log;
    private final AuthCache cache;
    private final PasswordMac mac;
    private final AuthMetrics.Registration gauges;
    private volatile boolean closed;

    private CachedVerification(AuthCacheSettings settings, SaslLog log, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.cache = settings.enabled()
                ? new AuthCache(settings.maxEntries(), settings.maxBytes(), settings.staleIfUnavailable(), clock)
                : null;
        this.mac = settings.enabled() ? new PasswordMac() : null;
        this.gauges = cache == null || !AuthMetrics.enabled() ? AuthMetrics.Registration.NONE
                : AuthMetrics.current().cache("jsasl-auth-cache", new AuthMetrics.CacheGauges() {
                    @Override
                    public long hits() {
                        return cache.stats().hits();
                    }

                    @Override
                    public long misses() {
                        return cache.stats().misses();
                    }

                    @Override
                    public long evictions() {
                        return cache.stats().evictions();
                    }

                    @Override
                    public long entries() {
                        return cache.stats().entries();
                    }
                });
    }

    /** A cache as {@code settings} say (or {@link #OFF}), on the system clock. */
    public static CachedVerification create(AuthCacheSettings settings, SaslLog log) {
        return create(settings, log, Clock.systemUTC());
    }

    /** As {@link #create(AuthCacheSettings, SaslLog)}, with entries expiring by {@code clock}. */
    public static CachedVerification create(AuthCacheSettings settings, SaslLog log, Clock clock) {
        if (!settings.enabled()) {
            return OFF;
        }
        log.note("auth cache on: {} entries, {} bytes, ttl {}s, negative ttl {}s, stale if unavailable: {}",
                settings.maxEntries(), settings.maxBytes(), settings.ttl().toSeconds(),
                settings.negativeTtl().toSeconds(), settings.staleIfUnavailable() ? "yes" : "no");
        return new CachedVerification(settings, log, clock);
    }

    /** Whether results are cached at all. */
    public boolean enabled() {
        return cache != null;
    }

    /** The settings in force. */
    public AuthCacheSettings settings() {
        return settings;
    }

    /** The cache's counters and fill, when there is a cache. */
    public Optional<AuthCache.Stats> stats() {
        return cache == null ? Optional.empty() : Optional.of(cache.stats());
    }

    /**
     * Answers {@code request} from the cache or from {@code backend}, storing what the backend says
     * when it may be stored.
     *
     * @param backend the real check, e.g. {@code VerifierChain::verify}; must not throw
     */
    public VerifyResult verify(VerifyRequest request, Function<VerifyRequest, VerifyResult> backend) {
        if (cache == null || closed) {
            return backend.apply(request);
        }
        AuthCacheKey key = new AuthCacheKey(request.service(), request.user().authid(), mac.mac(request.password()));
        AuthCache.Lookup found = cache.get(key);
        if (found instanceof AuthCache.Lookup.Fresh f) {
            log.debug("auth cache hit for {} ({}): {}", SaslLog.quote(key.authid()), key.service(), kind(f.result()));
            return f.result();
        }
        log.debug("auth cache miss for {} ({})", SaslLog.quote(key.authid()), key.service());
        VerifyResult result = backend.apply(request);
        if (result instanceof VerifyResult.Accepted) {
            cache.put(key, result, settings.ttl());
        } else if (result instanceof VerifyResult.Rejected) {
            if (!settings.negativeTtl().isZero()) {
                cache.put(key, result, settings.negativeTtl());
            }
        } else if (found instanceof AuthCache.Lookup.Stale s) {
            // Dovecot's auth_cache behaviour on a backend failure: the same password was right
            // within the TTL, which is a better answer than "try again later".
            cache.countStaleServed();
            log.note("password check for {} unavailable; answered from an expired auth cache entry",
                    SaslLog.quote(key.authid()));
            return s.result();
        }
        return result;
    }

    /** Drops every entry and the pooled MAC objects; later checks go to the backend uncached. Idempotent. */
    @Override
    public void close() {
        if (cache != null) {
            closed = true;
            gauges.close();
            cache.clear();
            mac.clear();
        }
    }

    private static String kind(VerifyResult r) {
        if (r instanceof VerifyResult.Rejected rej) {
            return rej.accountDisabled() ? "rejected (account disabled)" : "rejected";
        }
        return "accepted";
    }

    @Override
    public String toString() {
        return cache == null ? "CachedVerification[off]" : "CachedVerification[" + cache + ", ttl=" + settings.ttl()
                + ", negative_ttl=" + settings.negativeTtl() + ", stale_if_unavailable="
                + settings.staleIfUnavailable() + "]";
    }
}
