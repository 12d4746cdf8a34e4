package org.jsasl.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.SaslException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;

/**
 * How long a failed authentication waits before it is answered ({@code jsasl_failure_delay},
 * Dovecot's {@code auth_failure_delay}), and the one timer thread that makes the wait cost no
 * thread of its own: a server hands the reply to {@link #after} (or waits on {@link #elapse}) once
 * the exchange has failed, its password check and pooled connection long given back.
 */
public final class FailureDelay {

    /** The smtpd.conf key, in milliseconds. */
    public static final String KEY = "jsasl_failure_delay";

    /**
     * The longest delay accepted: with the check itself it must stay well inside Postfix' 10 s
     * wait for its auth server, past which Postfix answers 454 and reconnects.
     */
    public static final int MAX_MILLIS = 5000;

    // Daemon: a pending delayed reply must not keep a JVM alive that is shutting down.
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jsasl-failure-delay");
        t.setDaemon(true);
        return t;
    });

    private FailureDelay() {
    }

    /** The configured delay: 0 (off, Cyrus' behaviour) unless {@value #KEY} says otherwise. */
    public static Duration of(SaslConfig config) throws ConfigException {
        return Duration.ofMillis(config.integer(KEY, 0, 0, MAX_MILLIS));
    }

    /**
     * Whether {@code failure} from {@code evaluateResponse} is one to delay: a refusal (wrong
     * password, unknown user, malformed message), not a backend that is unavailable, which the
     * client should retry soon and which says nothing about its guess.
     */
    public static boolean applies(Throwable failure) {
        return failure instanceof SaslException && !(failure instanceof SaslUnavailableException);
    }

    /** Runs {@code reply} on the timer thread after {@code delay} (at once, on this thread, for zero). */
    public static Future<?> after(Duration delay, Runnable reply) {
        if (delay.isZero() || delay.isNegative()) {
            reply.run();
            return CompletableFuture.completedFuture(null);
        }
        return TIMER.schedule(reply, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A future that completes after {@code delay}, for servers that compose replies asynchronously. */
    public static CompletableFuture<Void> elapse(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        after(delay, () -> done.complete(null));
        return done;
    }
}
