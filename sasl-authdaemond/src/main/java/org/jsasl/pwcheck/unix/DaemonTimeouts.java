package org.jsasl.pwcheck.unix;

import java.time.Duration;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;

/**
 * How long a password daemon client waits to connect, to write its request, and for the whole
 * reply; read from {@code <prefix>_connect_timeout}, {@code _write_timeout} and
 * {@code _read_timeout} (milliseconds). The defaults are courier's own client's: 10 s, 10 s, 30 s
 * (Cyrus' saslauthd client has no timeouts at all).
 *
 * @param connect to establish the connection
 * @param write to send the whole request
 * @param read for the whole reply, from the end of the request
 */
public record DaemonTimeouts(Duration connect, Duration write, Duration read) {

    /** courier-authlib's client defaults. */
    public static final DaemonTimeouts COURIER = new DaemonTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    /** Reads the three options named after {@code prefix} ({@code authdaemond}, {@code saslauthd}). */
    public static DaemonTimeouts from(SaslConfig config, String prefix) throws ConfigException {
        return new DaemonTimeouts(
                millis(config, prefix + "_connect_timeout", COURIER.connect()),
                millis(config, prefix + "_write_timeout", COURIER.write()),
                millis(config, prefix + "_read_timeout", COURIER.read()));
    }

    private static Duration millis(SaslConfig config, String key, Duration fallback) throws ConfigException {
        return Duration.ofMillis(config.integer(key, (int) fallback.toMillis(), 1, 600_000));
    }
}
