package org.jsasl.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.metrics.AuthMetrics.Outcome;
import org.junit.jupiter.api.Test;

/** The Micrometer binding on a SimpleMeterRegistry: meter names, tags, counts and latencies. */
class MicrometerAuthMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerAuthMetrics metrics = new MicrometerAuthMetrics(registry);

    private double auth(String outcome, String mechanism, String service) {
        Counter c = registry.find(MicrometerAuthMetrics.AUTH).tag("outcome", outcome).tag("mechanism", mechanism)
                .tag("service", service).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void authenticationsAreCountedByOutcomeMechanismAndService() {
        metrics.authentication("PLAIN", "smtp", Outcome.ACCEPTED);
        metrics.authentication("PLAIN", "smtp", Outcome.ACCEPTED);
        metrics.authentication("PLAIN", "smtp", Outcome.REJECTED);
        metrics.authentication("LOGIN", "smtp", Outcome.UNAVAILABLE);
        metrics.authentication("PLAIN", "imap", Outcome.THROTTLED);

        assertEquals(2.0, auth("accepted", "PLAIN", "smtp"));
        assertEquals(1.0, auth("rejected", "PLAIN", "smtp"));
        assertEquals(1.0, auth("unavailable", "LOGIN", "smtp"));
        assertEquals(1.0, auth("throttled", "PLAIN", "imap"));
        assertEquals(0.0, auth("accepted", "PLAIN", "imap"));
        assertEquals(4, registry.find(MicrometerAuthMetrics.AUTH).counters().size());
    }

    @Test
    void verifierCallsAreTimedByVerifierAndOutcome() {
        metrics.verifier("auxprop", Outcome.ACCEPTED, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.verifier("auxprop", Outcome.ACCEPTED, TimeUnit.MILLISECONDS.toNanos(5));
        metrics.verifier("saslauthd", Outcome.UNAVAILABLE, TimeUnit.MILLISECONDS.toNanos(100));

        Timer ok = registry.find(MicrometerAuthMetrics.VERIFIER).tag("verifier", "auxprop").tag("outcome", "accepted")
                .timer();
        assertEquals(2, ok.count());
        assertEquals(8.0, ok.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(5.0, ok.max(TimeUnit.MILLISECONDS), 1e-9);
        Timer down = registry.find(MicrometerAuthMetrics.VERIFIER).tag("verifier", "saslauthd")
                .tag("outcome", "unavailable").timer();
        assertEquals(1, down.count());
        assertNull(registry.find(MicrometerAuthMetrics.VERIFIER).tag("outcome", "rejected").timer());
    }

    @Test
    void installedItCountsWhatTheHooksReport() {
        AuthMetrics before = AuthMetrics.install(metrics);
        try {
            assertTrue(AuthMetrics.enabled());
            AuthMetrics.current().authentication("PLAIN", "smtp", Outcome.ACCEPTED);
            AuthMetrics.current().verifier("auxprop", Outcome.REJECTED, 1000);
        } finally {
            AuthMetrics.install(before);
        }
        assertEquals(1.0, auth("accepted", "PLAIN", "smtp"));
        assertEquals(1, registry.find(MicrometerAuthMetrics.VERIFIER).tag("outcome", "rejected").timer().count());
    }
    private record FixedPool(int active, int idle, int total, int pending) implements AuthMetrics.PoolGauges {
    }

    private double pool(String what, String name) {
        io.micrometer.core.instrument.Gauge g = registry.find(MicrometerAuthMetrics.POOL + "." + what)
                .tag("pool", name).gauge();
        return g == null ? -1 : g.value();
    }

    @Test
    void poolGaugesAddUpPoolsOfOneNameAndGoWithTheLast() {
        AuthMetrics.Registration old = metrics.pool("jsasl-sql-pgsql", new FixedPool(1, 2, 3, 0));
        assertEquals(1.0, pool("active", "jsasl-sql-pgsql"));
        assertEquals(2.0, pool("idle", "jsasl-sql-pgsql"));
        assertEquals(3.0, pool("open", "jsasl-sql-pgsql"));
        assertEquals(0.0, pool("pending", "jsasl-sql-pgsql"));
        // A reload: the new context's pool beside the old one.
        AuthMetrics.Registration fresh = metrics.pool("jsasl-sql-pgsql", new FixedPool(0, 1, 1, 4));
        assertEquals(4.0, pool("open", "jsasl-sql-pgsql"));
        assertEquals(4.0, pool("pending", "jsasl-sql-pgsql"));
        old.close();
        old.close();
        assertEquals(1.0, pool("open", "jsasl-sql-pgsql"));
        fresh.close();
        assertEquals(-1.0, pool("open", "jsasl-sql-pgsql"));
        assertTrue(registry.find(MicrometerAuthMetrics.POOL + ".active").gauges().isEmpty());
    }

    @Test
    void cacheCountersAndEntriesAddUpCachesOfOneNameAndGoWithTheLast() {
        long[] first = {7, 3, 1, 5};
        AuthMetrics.CacheGauges g = new AuthMetrics.CacheGauges() {
            @Override
            public long hits() {
                return first[0];
            }

            @Override
            public long misses() {
                return first[1];
            }

            @Override
            public long evictions() {
                return first[2];
            }

            @Override
            public long entries() {
                return first[3];
            }
        };
        AuthMetrics.Registration r = metrics.cache("jsasl-auth-cache", g);
        assertEquals(7.0, registry.find(MicrometerAuthMetrics.CACHE + ".hits").functionCounter().count());
        assertEquals(3.0, registry.find(MicrometerAuthMetrics.CACHE + ".misses").functionCounter().count());
        assertEquals(5.0, registry.find(MicrometerAuthMetrics.CACHE + ".entries").gauge().value());
        first[0] = 9;
        assertEquals(9.0, registry.find(MicrometerAuthMetrics.CACHE + ".hits").functionCounter().count());
        r.close();
        assertTrue(registry.find(MicrometerAuthMetrics.CACHE + ".hits").functionCounters().isEmpty());
    }
}
