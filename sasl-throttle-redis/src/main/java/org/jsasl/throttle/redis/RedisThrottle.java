package org.jsasl.throttle.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jsasl.server.SaslLog;
import org.jsasl.throttle.LocalThrottle;
import org.jsasl.throttle.Throttle;
import org.jsasl.throttle.ThrottleLimits;

/**
 * {@code jsasl_throttle: redis}: the failure counters of a whole cluster in one Redis, so that an
 * attacker who spreads guesses across submission servers meets one limit. Each user and address has
 * a key per slot of the window ({@link ThrottleLimits#SLOTS} slots, as {@link LocalThrottle} counts):
 * a failure increments the current slot's keys and sets their expiry to one window and one slot (a
 * small Lua script, one round trip, so no key is left without expiry); a check reads the last window's
 * slots with one MGET. Slots are numbered from this host's clock, so the cluster's clocks must agree
 * to well within a slot (NTP does).
 *
 * <p>Keys hold a SHA-256 of the lower-cased user name or address, not the name: Redis need not learn
 * who logs in, and key length is bounded whatever the client sends.
 *
 * <p>Every call waits at most {@code jsasl_throttle_redis_timeout}; commands are refused at once, not
 * queued, while the connection is down (Lettuce reconnects in the background every second). When Redis
 * cannot answer, {@code jsasl_throttle_redis_down: open} decides from this process' own counters (kept
 * all along, so they hold the recent past) and {@code closed} refuses the attempt as throttled: never
 * an accept that the counters were not asked about.
 */
public final class RedisThrottle implements Throttle {

    /** Increments each key and (re)sets its expiry in milliseconds; returns nothing of interest. */
    private static final String RECORD = "for _, k in ipairs(KEYS) do redis.call('INCR', k);"
            + " redis.call('PEXPIRE', k, ARGV[1]) end return #KEYS";

    /** How often a failed first connection is tried again (later ones Lettuce retries itself). */
    private static final long RECONNECT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The longest the constructor waits for the first connection. */
    private static final long STARTUP_WAIT_MS = 3000;

    private final RedisThrottleSettings settings;
    private final ThrottleLimits limits;
    private final Clock clock;
    private final SaslLog log;
    private final LocalThrottle local;
    private final ClientResources resources;
    private final RedisClient client;
    private final Object connecting = new Object();
    private volatile CompletableFuture<StatefulRedisConnection<String, String>> connection;
    private volatile long connectStarted;
    private volatile boolean down;
    private volatile boolean closed;

    /**
     * Connects (waiting at most the timeout; when Redis does not answer yet, calls go to the
     * fallback until it does).
     */
    public RedisThrottle(RedisThrottleSettings settings, ThrottleLimits limits, Clock clock, SaslLog log) {
        this.settings = settings;
        this.limits = limits;
        this.clock = clock;
        this.log = log;
        this.local = new LocalThrottle(limits, clock);
        // Two I/O threads are plenty for a few small commands per login; the default is one per core.
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.constant(Duration.ofSeconds(1))).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .build());
        connect();
        try {
            // Start-up is no login: give a cold JVM (Netty's classes, the first handshake) more than
            // one call's timeout before calling Redis down.
            connection.get(Math.max(settings.timeout().toMillis(), STARTUP_WAIT_MS), TimeUnit.MILLISECONDS);
            log.note("throttle: Redis at {} ({}, down: {})", settings.where(), limits,
                    settings.failClosed() ? "closed" : "open");
        } catch (Exception e) {
            down = true;
            log.err("throttle: Redis at {} does not answer yet ({}); until it does, {}", settings.where(),
                    e.getClass().getSimpleName(), settings.failClosed() ? "every attempt is refused"
                            : "this process' own counters decide");
        }
    }

    private void connect() {
        connectStarted = System.nanoTime();
        connection = client.connectAsync(StringCodec.UTF8, settings.uri()).toCompletableFuture();
    }

    /** The connection when it is up, else null (starting a new attempt now and then, never waiting for it). */
    private StatefulRedisConnection<String, String> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> f = connection;
        if (f.isDone() && !f.isCompletedExceptionally() && !f.isCancelled()) {
            StatefulRedisConnection<String, String> c = f.getNow(null);
            return c != null && c.isOpen() ? c : null;
        }
        if (f.isDone() && System.nanoTime() - connectStarted > RECONNECT_NANOS && !closed) {
            synchronized (connecting) {
                if (connection == f) {
                    connect();
                }
            }
        }
        return null;
    }

    @Override
    public Verdict check(String user, String address) {
        String[] keys = keys(user, address, limits.slot(clock.millis()), true);
        try {
            StatefulRedisConnection<String, String> c = connection();
            if (c == null) {
                return unavailable("not connected", user, address);
            }
            RedisFuture<List<KeyValue<String, String>>> f = c.async().mget(keys);
            List<KeyValue<String, String>> values = f.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            up();
            long userCount = 0;
            long addressCount = 0;
            for (int i = 0; i < values.size(); i++) {
                KeyValue<String, String> kv = values.get(i);
                long n = kv.hasValue() ? Long.parseLong(kv.getValue()) : 0;
                if (i < ThrottleLimits.SLOTS) {
                    userCount += n;
                } else {
                    addressCount += n;
                }
            }
            if (limits.userFailures() > 0 && userCount >= limits.userFailures()) {
                return Verdict.blocked("too many failures for this user");
            }
            if (address != null && limits.addressFailures() > 0 && addressCount >= limits.addressFailures()) {
                return Verdict.blocked("too many failures from this address");
            }
            return Verdict.ALLOWED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted", user, address);
        } catch (Exception e) {
            return unavailable(e.getClass().getSimpleName(), user, address);
        }
    }

    /** The verdict while Redis cannot answer: the local counters' (open) or a refusal (closed). */
    private Verdict unavailable(String why, String user, String address) {
        if (!down) {
            down = true;
            log.err("throttle: Redis at {} cannot answer ({}); until it can, {}", settings.where(), why,
                    settings.failClosed() ? "every attempt is refused" : "this process' own counters decide");
        }
        if (settings.failClosed()) {
            return Verdict.blocked("throttle store unavailable");
        }
        return local.check(user, address);
    }

    private void up() {
        if (down) {
            down = false;
            log.note("throttle: Redis at {} answers again", settings.where());
        }
    }

    @Override
    public void failure(String user, String address) {
        // Always counted here too: when Redis goes away the fallback knows the recent past.
        local.failure(user, address);
        String[] keys = keys(user, address, limits.slot(clock.millis()), false);
        if (keys.length == 0) {
            return;
        }
        try {
            StatefulRedisConnection<String, String> c = connection();
            if (c == null) {
                unavailableQuietly("not connected");
                return;
            }
            long ttl = limits.window().toMillis() + limits.slotMillis();
            RedisFuture<Long> f = c.async().eval(RECORD, ScriptOutputType.INTEGER, keys, Long.toString(ttl));
            f.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            up();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            unavailableQuietly(e.getClass().getSimpleName());
        }
    }

    private void unavailableQuietly(String why) {
        if (!down) {
            down = true;
            log.err("throttle: Redis at {} cannot record a failure ({}); this process' own counters still do",
                    settings.where(), why);
        }
    }

    /**
     * The keys of a check (every slot of the window, the user's then the address', always
     * {@code 2 * SLOTS} of them so that the answer splits at {@code SLOTS}) or of a failure (the
     * current slot of each counter that has a limit).
     */
    private String[] keys(String user, String address, long slot, boolean window) {
        String u = settings.prefix() + "u:" + digest(user.toLowerCase(Locale.ROOT)) + ":";
        String a = address == null ? null : settings.prefix() + "a:" + digest(address.toLowerCase(Locale.ROOT)) + ":";
        if (window) {
            String[] keys = new String[2 * ThrottleLimits.SLOTS];
            for (int i = 0; i < ThrottleLimits.SLOTS; i++) {
                keys[i] = u + (slot - i);
                // Without an address, the user's keys again: read, then ignored.
                keys[ThrottleLimits.SLOTS + i] = (a == null ? u : a) + (slot - i);
            }
            return keys;
        }
        if (limits.userFailures() > 0 && a != null && limits.addressFailures() > 0) {
            return new String[] {u + slot, a + slot};
        }
        if (limits.userFailures() > 0) {
            return new String[] {u + slot};
        }
        return a != null && limits.addressFailures() > 0 ? new String[] {a + slot} : new String[0];
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /** The counters this process keeps beside Redis (the fallback of {@code jsasl_throttle_redis_down: open}). */
    public LocalThrottle local() {
        return local;
    }

    /** Whether the last call found Redis unable to answer. */
    public boolean isDown() {
        return down;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connection.isDone() && !connection.isCompletedExceptionally()) {
                connection.getNow(null).close();
            }
        } catch (RuntimeException ignored) {
            // a failed connection has nothing to close
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisThrottle[" + settings.where() + ", " + limits.userFailures() + " per user, "
                + limits.addressFailures() + " per address, " + limits.window() + ", down: "
                + (settings.failClosed() ? "closed" : "open") + "]";
    }
}
