package org.jsasl.metrics;

/**
 * The process-wide {@link AuthMetrics} (an interface cannot hold a mutable field). What is
 * installed is wrapped so that its exceptions never reach an authentication.
 */
final class Installed {

    /** Read on every exchange; {@link AuthMetrics#NOOP} itself while nothing is installed. */
    static volatile AuthMetrics current = AuthMetrics.NOOP;

    // What the application gave, unwrapped, to hand back from install().
    private static AuthMetrics given = AuthMetrics.NOOP;

    private Installed() {
    }

    static synchronized AuthMetrics install(AuthMetrics metrics) {
        AuthMetrics previous = given;
        given = metrics;
        current = metrics == AuthMetrics.NOOP ? AuthMetrics.NOOP : new Guarded(metrics);
        return previous;
    }

    /** Drops what the delegate throws: a monitoring bug must not fail or alter a login. */
    private record Guarded(AuthMetrics delegate) implements AuthMetrics {

        @Override
        public void authentication(String mechanism, String service, Outcome outcome) {
            try {
                delegate.authentication(mechanism, service, outcome);
            } catch (RuntimeException ignored) {
                // See the class comment.
            }
        }

        @Override
        public void verifier(String verifier, Outcome outcome, long nanos) {
            try {
                delegate.verifier(verifier, outcome, nanos);
            } catch (RuntimeException ignored) {
                // See the class comment.
            }
        }

        @Override
        public Registration pool(String pool, PoolGauges gauges) {
            Registration r;
            try {
                r = delegate.pool(pool, gauges);
            } catch (RuntimeException e) {
                return Registration.NONE;
            }
            return guarded(r);
        }

        @Override
        public Registration cache(String cache, CacheGauges gauges) {
            Registration r;
            try {
                r = delegate.cache(cache, gauges);
            } catch (RuntimeException e) {
                return Registration.NONE;
            }
            return guarded(r);
        }

        private static Registration guarded(Registration r) {
            if (r == null) {
                return Registration.NONE;
            }
            return () -> {
                try {
                    r.close();
                } catch (RuntimeException ignored) {
                    // See the class comment: closing a pool must not fail either.
                }
            };
        }
    }
}
