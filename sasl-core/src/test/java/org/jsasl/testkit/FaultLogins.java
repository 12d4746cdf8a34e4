package org.jsasl.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.server.ServerContext;

/**
 * What the fault tests share: one PLAIN login through a {@link ServerContext}, classified as the
 * SMTP server would answer it (235 accepted, 535 rejected, 454 unavailable) instead of thrown, and
 * an {@link AuthMetrics} that keeps the pools' gauges so that a test can count connections.
 */
public final class FaultLogins {

    /** How a login ended. */
    public enum Verdict {
        ACCEPTED, REJECTED, UNAVAILABLE,
        /** Anything else escaped: always a failure of the test. */
        ERROR
    }

    /** One login: who, whether its password was the right one, how it ended, when and how long it took. */
    public record Login(String user, boolean rightPassword, Verdict verdict, long startNanos, long endNanos, String error) {

        /** How long it took. */
        public long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }

        /** The verdict a healthy backend gives: accepted for the right password of a known user, rejected otherwise. */
        public Verdict expected() {
            return rightPassword ? Verdict.ACCEPTED : Verdict.REJECTED;
        }

        @Override
        public String toString() {
            return user + (rightPassword ? "/right" : "/wrong") + " -> " + verdict + " in " + millis() + " ms"
                    + (error == null ? "" : " (" + error + ")");
        }
    }

    private FaultLogins() {
    }

    /** One PLAIN exchange; {@code rightPassword} is only recorded, for the verdict expected. */
    public static Login plain(ServerContext ctx, String user, String password, boolean rightPassword) {
        long start = System.nanoTime();
        Verdict verdict;
        String error = null;
        try {
            Map<String, Object> props = Exchange.cyrus(ctx, null);
            SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.org", props, null);
            s.evaluateResponse(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            verdict = s.isComplete() && user.equals(s.getAuthorizationID()) ? Verdict.ACCEPTED : Verdict.ERROR;
        } catch (SaslUnavailableException e) {
            verdict = Verdict.UNAVAILABLE;
        } catch (AuthenticationException e) {
            verdict = Verdict.REJECTED;
        } catch (SaslException | RuntimeException e) {
            verdict = Verdict.ERROR;
            error = e.getClass().getName() + ": " + e.getMessage();
        }
        return new Login(user, rightPassword, verdict, start, System.nanoTime(), error);
    }

    /** Keeps every pool's gauges by pool name (the last registered wins), for counting connections. */
    public static final class PoolMetrics implements AuthMetrics {
        private final Map<String, PoolGauges> pools = new ConcurrentHashMap<>();

        @Override
        public void authentication(String mechanism, String service, Outcome outcome) {
        }

        @Override
        public Registration pool(String pool, PoolGauges gauges) {
            pools.put(pool, gauges);
            return () -> pools.remove(pool, gauges);
        }

        /** The gauges of {@code pool}; fails when no such pool was registered. */
        public PoolGauges gauges(String pool) {
            PoolGauges g = pools.get(pool);
            if (g == null) {
                throw new AssertionError("no pool " + pool + " registered; pools: " + pools.keySet());
            }
            return g;
        }

        /** The four counts, for messages. */
        public static String describe(PoolGauges g) {
            return "active " + g.active() + ", idle " + g.idle() + ", total " + g.total() + ", pending " + g.pending();
        }
    }
}
