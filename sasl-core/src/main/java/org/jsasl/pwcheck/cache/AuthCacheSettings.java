package org.jsasl.pwcheck.cache;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jsasl.config.ConfigEntry;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;

/**
 * The {@code jsasl_auth_cache_*} options of an {@code smtpd.conf}: how many results the
 * authentication cache keeps, how long, and whether an expired acceptance may stand in for a
 * backend that is down. Off unless {@code jsasl_auth_cache_size} is above 0.
 *
 * @param maxEntries most entries kept ({@code jsasl_auth_cache_size}); 0 means no cache
 * @param maxBytes most bytes the entries may take, by a rough per-entry estimate ({@code jsasl_auth_cache_bytes})
 * @param ttl how long an acceptance is used ({@code jsasl_auth_cache_ttl})
 * @param negativeTtl how long a rejection is used ({@code jsasl_auth_cache_negative_ttl}); zero caches none
 * @param staleIfUnavailable whether an expired acceptance answers while every backend is unavailable
 *        ({@code jsasl_auth_cache_stale_if_unavailable})
 */
public record AuthCacheSettings(int maxEntries, long maxBytes, Duration ttl, Duration negativeTtl,
        boolean staleIfUnavailable) {

    /** Key: most entries; 0 (the default) turns the cache off. */
    public static final String SIZE = "jsasl_auth_cache_size";
    /** Key: most bytes, with an optional K, M or G suffix. */
    public static final String BYTES = "jsasl_auth_cache_bytes";
    /** Key: lifetime of an acceptance, seconds or with an s, m, h, d suffix. */
    public static final String TTL = "jsasl_auth_cache_ttl";
    /** Key: lifetime of a rejection, seconds or with a suffix; 0 caches no rejection. */
    public static final String NEGATIVE_TTL = "jsasl_auth_cache_negative_ttl";
    /** Key: yes to answer from an expired acceptance while the backend is unavailable. */
    public static final String STALE_IF_UNAVAILABLE = "jsasl_auth_cache_stale_if_unavailable";

    /** Default byte bound when the cache is on: 10 MiB (Dovecot's {@code auth_cache_size} is a byte count too). */
    public static final long DEFAULT_BYTES = 10L * 1024 * 1024;
    /** Default acceptance lifetime: 1 hour, Dovecot's {@code auth_cache_ttl}. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /**
     * Default rejection lifetime: 5 minutes, shorter than Dovecot's 1 hour on purpose, so that a
     * password an admin has just set or fixed is not refused for long, while a client retrying a
     * wrong password every few seconds is still answered without the backend.
     */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(5);

    /** The cache is off. */
    public static final AuthCacheSettings OFF = new AuthCacheSettings(0, 0, DEFAULT_TTL, DEFAULT_NEGATIVE_TTL, false);

    /** Most entries the size key accepts; far above any sane value, low enough that nothing overflows. */
    static final int MAX_ENTRIES = 100_000_000;
    /** Least byte bound accepted: room for a few entries. */
    static final long MIN_BYTES = 4096;
    /** Longest lifetime accepted: a week, as a typo guard. */
    static final Duration MAX_TTL = Duration.ofDays(7);

    public AuthCacheSettings {
        if (maxEntries < 0 || maxBytes < 0 || ttl.isNegative() || negativeTtl.isNegative()) {
            throw new IllegalArgumentException("negative cache bound");
        }
    }

    /** Whether there is a cache at all. */
    public boolean enabled() {
        return maxEntries > 0;
    }

    /**
     * Reads the options; the others are not looked at (nor checked) when the size is 0.
     *
     * @throws ConfigException naming the file, line and key of a value that is not a number, a
     *         size or a time, or is out of range
     */
    public static AuthCacheSettings of(SaslConfig config) throws ConfigException {
        int size = config.integer(SIZE, 0, 0, MAX_ENTRIES);
        if (size == 0) {
            return OFF;
        }
        long bytes = bytes(config, BYTES, DEFAULT_BYTES);
        Duration ttl = time(config, TTL, DEFAULT_TTL, false);
        Duration negative = time(config, NEGATIVE_TTL, DEFAULT_NEGATIVE_TTL, true);
        return new AuthCacheSettings(size, bytes, ttl, negative, config.flag(STALE_IF_UNAVAILABLE, false));
    }

    /** A byte count such as {@code 10485760}, {@code 512K}, {@code 10M} or {@code 1G}. */
    private static long bytes(SaslConfig config, String key, long fallback) throws ConfigException {
        Optional<ConfigEntry> e = config.entry(key);
        if (e.isEmpty()) {
            return fallback;
        }
        String v = e.get().value().toLowerCase(Locale.ROOT);
        if (v.matches("[0-9]{1,12}[kmg]?")) {
            char last = v.charAt(v.length() - 1);
            long unit = switch (last) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1));
            if (n <= Long.MAX_VALUE / unit && n * unit >= MIN_BYTES) {
                return n * unit;
            }
        }
        throw config.error(key, "expected a size of at least " + MIN_BYTES + " bytes such as 10485760, 512K or"
                + " 10M, found '" + e.get().value() + "'");
    }

    /** A time such as {@code 3600}, {@code 90s}, {@code 5m}, {@code 1h} or {@code 1d}, as Postfix writes them. */
    private static Duration time(SaslConfig config, String key, Duration fallback, boolean zeroAllowed)
            throws ConfigException {
        Optional<ConfigEntry> e = config.entry(key);
        if (e.isEmpty()) {
            return fallback;
        }
        String v = e.get().value().toLowerCase(Locale.ROOT);
        if (v.matches("[0-9]{1,9}[smhd]?")) {
            char last = v.charAt(v.length() - 1);
            boolean hasUnit = !Character.isDigit(last);
            long n = Long.parseLong(hasUnit ? v.substring(0, v.length() - 1) : v);
            Duration d = switch (hasUnit ? last : 's') {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if ((zeroAllowed || !d.isZero()) && d.compareTo(MAX_TTL) <= 0) {
                return d;
            }
        }
        throw config.error(key, "expected a time from " + (zeroAllowed ? "0" : "1s") + " to 7d such as 3600,"
                + " 90s, 5m or 1h, found '" + e.get().value() + "'");
    }
}
