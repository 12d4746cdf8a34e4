package org.jsasl.throttle;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsasl.config.ConfigEntry;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;

/**
 * The limits every throttle applies, from {@code smtpd.conf}: at most {@code userFailures} failed
 * attempts per user and {@code addressFailures} per client address within {@code window}; past
 * either, attempts are refused until enough failures have left the window.
 *
 * <p>The window slides in {@link #SLOTS} steps: failures are counted in slots of
 * {@code window / SLOTS}, and a check sums the slots of the last window. A blocked client is
 * therefore let in again between {@code window - window/SLOTS} and {@code window} after the failure
 * that filled its limit; the Redis throttle keeps the same slots as keys, so the two agree.
 *
 * @param userFailures failures per user before refusing, 0 for no per-user limit
 * @param addressFailures failures per address before refusing, 0 for no per-address limit
 * @param window how long a failure counts
 * @param entries the most users and addresses one process keeps counters for
 */
public record ThrottleLimits(int userFailures, int addressFailures, Duration window, int entries) {

    /** {@code jsasl_throttle}: none, local or redis. */
    public static final String KEY = "jsasl_throttle";
    /** Failures per user; default {@value #DEFAULT_USER_FAILURES}. */
    public static final String USER_FAILURES = "jsasl_throttle_user_failures";
    /** Failures per client address; default {@value #DEFAULT_ADDRESS_FAILURES}. */
    public static final String ADDRESS_FAILURES = "jsasl_throttle_address_failures";
    /** The window; default 10m. */
    public static final String WINDOW = "jsasl_throttle_window";
    /** Counters kept in memory; default {@value #DEFAULT_ENTRIES}. */
    public static final String ENTRIES = "jsasl_throttle_entries";

    public static final int DEFAULT_USER_FAILURES = 10;
    public static final int DEFAULT_ADDRESS_FAILURES = 30;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final int DEFAULT_ENTRIES = 100_000;

    /** The steps in which the window slides. */
    public static final int SLOTS = 10;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");

    public ThrottleLimits {
        if (userFailures < 0 || addressFailures < 0 || entries < 1 || window.toMillis() < SLOTS) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    /** The defaults: 10 per user, 30 per address, 10 minutes, 100,000 entries. */
    public static ThrottleLimits defaults() {
        return new ThrottleLimits(DEFAULT_USER_FAILURES, DEFAULT_ADDRESS_FAILURES, DEFAULT_WINDOW, DEFAULT_ENTRIES);
    }

    /**
     * Reads the limits.
     *
     * @throws ConfigException naming the file, line and key of a wrong value
     */
    public static ThrottleLimits of(SaslConfig config) throws ConfigException {
        return new ThrottleLimits(
                config.integer(USER_FAILURES, DEFAULT_USER_FAILURES, 0, 1_000_000),
                config.integer(ADDRESS_FAILURES, DEFAULT_ADDRESS_FAILURES, 0, 1_000_000),
                duration(config, WINDOW, DEFAULT_WINDOW, Duration.ofSeconds(1), Duration.ofDays(7)),
                config.integer(ENTRIES, DEFAULT_ENTRIES, 1000, 100_000_000));
    }

    /** The width of one slot in milliseconds. */
    public long slotMillis() {
        return Math.max(1, window.toMillis() / SLOTS);
    }

    /** The slot a moment falls in. */
    public long slot(long epochMillis) {
        return Math.floorDiv(epochMillis, slotMillis());
    }

    /**
     * A duration option: a whole number with a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} ({@code 200ms}, {@code 10m}); a bare number is seconds, as in Dovecot's settings.
     *
     * @throws ConfigException naming the file, line and key when the value is not such a duration
     *     within {@code [min, max]}
     */
    public static Duration duration(SaslConfig config, String key, Duration fallback, Duration min, Duration max)
            throws ConfigException {
        Optional<ConfigEntry> e = config.entry(key);
        if (e.isEmpty()) {
            return fallback;
        }
        String v = e.get().value().trim();
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        }
        throw config.error(key, "expected a duration from " + show(min) + " to " + show(max)
                + " (a number with ms, s, m, h or d; a bare number is seconds), found '" + v + "'");
    }

    private static String show(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
