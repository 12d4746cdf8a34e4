package org.jsasl.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.jsasl.metrics.AuthMetrics;

/**
 * jsasl's {@link AuthMetrics} on a Micrometer {@link MeterRegistry}:
 * <ul>
 *   <li>counter {@value #AUTH}, tags {@code outcome} ({@code accepted}, {@code rejected},
 *       {@code unavailable}, {@code throttled}), {@code mechanism} and {@code service}: one per
 *       finished authentication exchange (Prometheus: {@code jsasl_auth_total});</li>
 *   <li>timer {@value #VERIFIER}, tags {@code verifier} (the {@code pwcheck_method} name) and
 *       {@code outcome}: one per password check or credential lookup of that verifier, with its
 *       latency (Prometheus: {@code jsasl_verifier_seconds_count}, {@code _sum}, {@code _max});</li>
 *   <li>gauges {@value #POOL}{@code .active}, {@code .idle}, {@code .open} and {@code .pending},
 *       tag {@code pool}: the connections of a backend pool (the SQL auxprop's HikariCP pool).</li>
 * </ul>
 * Install it once, before the servers start: {@code AuthMetrics.install(new MicrometerAuthMetrics(registry))}.
 * Tag values are chosen by the server (mechanism names, services, verifier names), never by a
 * client, so the number of meters stays small.
 */
public final class MicrometerAuthMetrics implements AuthMetrics {

    /** The counter of finished authentications. */
    public static final String AUTH = "jsasl.auth";

    /** The timer of verifier calls. */
    public static final String VERIFIER = "jsasl.verifier";

    /** The prefix of the connection pool gauges. */
    public static final String POOL = "jsasl.pool";

    /** The prefix of the authentication cache meters. */
    public static final String CACHE = "jsasl.cache";

    private final MeterRegistry registry;
    private final Map<String, PoolMeters> pools = new HashMap<>();
    private final Map<String, CacheMeters> caches = new HashMap<>();

    // Looked up once per tag combination: the registry's own lookup builds an id on every call.
    private final Map<AuthKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<VerifierKey, Timer> timers = new ConcurrentHashMap<>();

    private record AuthKey(String mechanism, String service, Outcome outcome) {
    }

    private record VerifierKey(String verifier, Outcome outcome) {
    }

    /** @param registry where the meters are registered */
    public MicrometerAuthMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The registry the meters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void authentication(String mechanism, String service, Outcome outcome) {
        counters.computeIfAbsent(new AuthKey(mechanism, service, outcome), k -> Counter.builder(AUTH)
                .description("Finished SASL authentication exchanges")
                .tag("outcome", k.outcome().tag())
                .tag("mechanism", k.mechanism())
                .tag("service", k.service())
                .register(registry)).increment();
    }

    @Override
    public void verifier(String verifier, Outcome outcome, long nanos) {
        timers.computeIfAbsent(new VerifierKey(verifier, outcome), k -> Timer.builder(VERIFIER)
                .description("Password checks and credential lookups by pwcheck_method")
                .tag("verifier", k.verifier())
                .tag("outcome", k.outcome().tag())
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public Registration pool(String pool, PoolGauges gauges) {
        PoolMeters meters;
        synchronized (pools) {
            meters = pools.computeIfAbsent(pool, name -> new PoolMeters(registry, name));
            meters.live.add(gauges);
        }
        return () -> {
            synchronized (pools) {
                if (meters.live.remove(gauges) && meters.live.isEmpty()) {
                    // The last pool of that name is gone: its gauges go too, rather than read 0 forever.
                    pools.remove(pool, meters);
                    meters.meters.forEach(registry::remove);
                }
            }
        };
    }

    @Override
    public Registration cache(String cache, CacheGauges gauges) {
        CacheMeters meters;
        synchronized (caches) {
            meters = caches.computeIfAbsent(cache, name -> new CacheMeters(registry, name));
            meters.live.add(gauges);
        }
        return () -> {
            synchronized (caches) {
                if (meters.live.remove(gauges) && meters.live.isEmpty()) {
                    caches.remove(cache, meters);
                    meters.meters.forEach(registry::remove);
                }
            }
        };
    }

    /**
     * {@value #CACHE}{@code .hits}, {@code .misses} and {@code .evictions} (counters) and
     * {@code .entries} (a gauge) of one cache name, summed over its live caches.
     */
    private static final class CacheMeters {
        final List<CacheGauges> live = new CopyOnWriteArrayList<>();
        final List<Meter> meters = new ArrayList<>();

        CacheMeters(MeterRegistry registry, String cache) {
            counter(registry, cache, "hits", "Checks answered from the cache", CacheGauges::hits);
            counter(registry, cache, "misses", "Checks that asked the backend", CacheGauges::misses);
            counter(registry, cache, "evictions", "Entries dropped for the size or byte bound", CacheGauges::evictions);
            meters.add(Gauge.builder(CACHE + ".entries", live, l -> l.stream().mapToLong(CacheGauges::entries).sum())
                    .description("Entries held").tag("cache", cache).strongReference(true).register(registry));
        }

        private void counter(MeterRegistry registry, String cache, String what, String description,
                java.util.function.ToLongFunction<CacheGauges> read) {
            meters.add(io.micrometer.core.instrument.FunctionCounter.builder(CACHE + "." + what, live,
                            l -> l.stream().mapToLong(read).sum())
                    .description(description).tag("cache", cache).register(registry));
        }
    }

    /**
     * The gauges {@value #POOL}{@code .active}, {@code .idle}, {@code .open} and {@code .pending} of
     * one pool name: the sum over the live pools of that name (two during a reload).
     */
    private static final class PoolMeters {
        final List<PoolGauges> live = new CopyOnWriteArrayList<>();
        final List<Meter> meters = new ArrayList<>();

        PoolMeters(MeterRegistry registry, String pool) {
            gauge(registry, pool, "active", "Pooled connections in use", PoolGauges::active);
            gauge(registry, pool, "idle", "Pooled connections idle", PoolGauges::idle);
            gauge(registry, pool, "open", "Pooled connections open, active and idle", PoolGauges::total);
            gauge(registry, pool, "pending", "Threads waiting for a pooled connection", PoolGauges::pending);
        }

        private void gauge(MeterRegistry registry, String pool, String what, String description,
                ToIntFunction<PoolGauges> read) {
            meters.add(Gauge.builder(POOL + "." + what, live, l -> l.stream().mapToInt(read).sum())
                    .description(description)
                    .tag("pool", pool)
                    .strongReference(true)
                    .register(registry));
        }
    }

    @Override
    public String toString() {
        return "MicrometerAuthMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
