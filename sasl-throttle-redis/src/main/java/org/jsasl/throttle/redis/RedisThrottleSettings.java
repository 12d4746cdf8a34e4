package org.jsasl.throttle.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Locale;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.throttle.ThrottleLimits;

/**
 * The {@code smtpd.conf} keys of {@code jsasl_throttle: redis}.
 *
 * @param uri {@code jsasl_throttle_redis}, such as {@code redis://127.0.0.1:6379/0} (required)
 * @param timeout {@code jsasl_throttle_redis_timeout}: the most one call to Redis may take, and its
 *     connect timeout; default 200ms
 * @param failClosed {@code jsasl_throttle_redis_down: closed}: refuse every attempt while Redis cannot
 *     answer; {@code open} (the default) falls back to this process' own counters
 * @param prefix {@code jsasl_throttle_redis_prefix}: the start of every key; default {@code jsasl:throttle:}
 */
public record RedisThrottleSettings(RedisURI uri, Duration timeout, boolean failClosed, String prefix) {

    public static final String URI = "jsasl_throttle_redis";
    public static final String TIMEOUT = "jsasl_throttle_redis_timeout";
    public static final String DOWN = "jsasl_throttle_redis_down";
    public static final String PREFIX = "jsasl_throttle_redis_prefix";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final String DEFAULT_PREFIX = "jsasl:throttle:";

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the file, line and key of a missing or wrong value (never
     *     repeating the URI, which may hold a password)
     */
    public static RedisThrottleSettings of(SaslConfig config) throws ConfigException {
        String text = config.get(URI).map(String::trim).orElse("");
        if (text.isEmpty()) {
            throw config.error(ThrottleLimits.KEY, "jsasl_throttle: redis needs " + URI
                    + " (redis://host:port/db)");
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(text);
        } catch (RuntimeException e) {
            throw config.error(URI, "not a Redis URI (expected redis://host:port/db or rediss://...)");
        }
        Duration timeout = ThrottleLimits.duration(config, TIMEOUT, DEFAULT_TIMEOUT, Duration.ofMillis(10),
                Duration.ofSeconds(60));
        String down = config.get(DOWN, "open").trim().toLowerCase(Locale.ROOT);
        if (!down.equals("open") && !down.equals("closed")) {
            throw config.error(DOWN, "expected open or closed, found '" + down + "'");
        }
        String prefix = config.get(PREFIX, DEFAULT_PREFIX);
        if (prefix.length() > 200) {
            throw config.error(PREFIX, "longer than 200 characters");
        }
        uri.setTimeout(timeout);
        return new RedisThrottleSettings(uri, timeout, down.equals("closed"), prefix);
    }

    /** Where Redis is, for logs: host, port and database, never the password. */
    public String where() {
        return (uri.getHost() == null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort()) + "/"
                + uri.getDatabase();
    }
}
