package org.jsasl.authd;

import java.time.Duration;

/**
 * The daemon's own limits, beside what {@code smtpd.conf} configures.
 *
 * @param serverName the server's name, the default realm (Cyrus' serverFQDN)
 * @param maxConcurrentChecks password checks running at once (threads of the check pool)
 * @param maxQueuedChecks checks waiting for a thread; one more is refused at once as a temporary
 *     failure, so a dead backend cannot pile up work without bound
 * @param checkTimeout how long one request may take before it is answered as a temporary failure
 *     (Postfix gives up after 10 s, so the default stays below)
 * @param idleTimeout how long a connection may stay silent; Postfix keeps its connection open
 *     between sessions, so this is long
 * @param requestTimeout how long an unfinished multi-step request (a LOGIN waiting for its password)
 *     is kept before it is dropped; Postfix never cancels one
 * @param maxLineBytes the longest request line accepted (Dovecot: 16384 including the LF)
 */
public record AuthdOptions(String serverName, int maxConcurrentChecks, int maxQueuedChecks, Duration checkTimeout,
        Duration idleTimeout, Duration requestTimeout, int maxLineBytes) {

    /** Defaults for {@code serverName}: 16 checks at once, 256 queued, 8 s per check, Dovecot's limits. */
    public static AuthdOptions defaults(String serverName) {
        return new AuthdOptions(serverName, 16, 256, Duration.ofSeconds(8), Duration.ofHours(1),
                Duration.ofSeconds(150), 16384);
    }

    public AuthdOptions {
        if (serverName == null || serverName.isEmpty()) {
            throw new IllegalArgumentException("serverName is empty");
        }
        if (maxConcurrentChecks < 1 || maxQueuedChecks < 0 || maxLineBytes < 1024) {
            throw new IllegalArgumentException("limits out of range");
        }
    }
}
