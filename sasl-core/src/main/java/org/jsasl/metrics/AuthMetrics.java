package org.jsasl.metrics;

import org.jsasl.pwcheck.CredentialResult;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.server.AuthOutcome;

/**
 * Where jsasl reports what its authentications and password verifiers did, for an embedding
 * server's monitoring. jsasl itself depends on no metrics library: the default is {@link #NOOP},
 * which records nothing, and the hooks skip even their clock reads while it is installed, so an
 * application that installs nothing pays one volatile read per exchange.
 *
 * <p>One process-wide instance, set with {@link #install}, serves JDK-mode and Cyrus-mode servers
 * alike (a JDK-mode server has no {@code ServerContext} to carry one). The Micrometer binding is
 * the {@code sasl-metrics-micrometer} module's {@code MicrometerAuthMetrics}:
 * <pre>{@code
 * AuthMetrics previous = AuthMetrics.install(new MicrometerAuthMetrics(registry));
 * }</pre>
 *
 * <p>Implementations are called on authentication threads, concurrently: they must be
 * thread-safe and quick, and are never given a password or a user name (only the labels below, all
 * chosen by the server, so their number stays small). An exception they throw is dropped (see
 * {@link #install}): monitoring never fails a login.
 */
public interface AuthMetrics {

    /** How an authentication or a verifier call ended; {@link #tag()} is its label. */
    enum Outcome {
        /** Authenticated (and authorised); for a verifier, the password is right or the credential found. */
        ACCEPTED,
        /** Wrong credentials, unknown user, disabled account, authorisation refused, malformed exchange. */
        REJECTED,
        /** The backend could not decide: try again later. */
        UNAVAILABLE,
        /** Refused by the brute-force throttle before any backend was asked ({@link AuthOutcome.Unavailable#throttled()}). */
        THROTTLED;

        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        /** The lower-case label: {@code accepted}, {@code rejected}, {@code unavailable}, {@code throttled}. */
        public String tag() {
            return tag;
        }
    }

    /**
     * One authentication exchange ended.
     *
     * @param mechanism the SASL mechanism name, such as {@code PLAIN}
     * @param service the service (protocol) the server was created for, such as {@code smtp}
     * @param outcome how it ended
     */
    void authentication(String mechanism, String service, Outcome outcome);

    /**
     * One {@code pwcheck_method} verifier answered a password check or a credential lookup.
     *
     * @param verifier the {@code pwcheck_method} name, such as {@code auxprop} or {@code saslauthd}
     * @param outcome its answer (for a credential lookup: found is accepted, missing is rejected)
     * @param nanos how long it took, in nanoseconds
     */
    default void verifier(String verifier, Outcome outcome, long nanos) {
    }

    /**
     * The connection counts of one backend connection pool, read whenever a gauge is read (so
     * cheap and thread-safe).
     */
    interface PoolGauges {
        /** Connections lent out to lookups now. */
        int active();

        /** Open connections waiting in the pool. */
        int idle();

        /** Open connections, active and idle. */
        int total();

        /** Threads waiting for a connection. */
        int pending();
    }

    /** What {@link #pool} returns: closing it ends the gauges of that pool. */
    interface Registration extends AutoCloseable {
        /** Nothing to end. */
        Registration NONE = () -> { };

        @Override
        void close();
    }

    /**
     * A backend's connection pool (the SQL auxprop's HikariCP pool) was opened: its counts are
     * gauges until the returned registration is closed, with the pool. Pools opened before an
     * instance is installed are not seen, so install it before the first authentication.
     *
     * @param pool the pool's name, such as {@code jsasl-sql-pgsql}; pools that share a name (an old
     *     and a new context during a reload) are added up
     * @param gauges read when the gauges are read
     */
    default Registration pool(String pool, PoolGauges gauges) {
        return Registration.NONE;
    }

    /** The counters of one authentication cache ({@code jsasl_auth_cache_size}), read whenever a gauge is read. */
    interface CacheGauges {
        /** Checks answered from the cache, since it was made. */
        long hits();

        /** Checks that asked the backend, since it was made. */
        long misses();

        /** Entries dropped for the size or byte bound. */
        long evictions();

        /** Entries now held. */
        long entries();
    }

    /**
     * A context with an authentication cache was made: its counters are gauges until the returned
     * registration is closed, with the context. Caches of one name (an old and a new context during
     * a reload) are added up; the hit ratio is {@code hits / (hits + misses)}.
     */
    default Registration cache(String cache, CacheGauges gauges) {
        return Registration.NONE;
    }

    /** Records nothing; the default until {@link #install} is called. */
    AuthMetrics NOOP = (mechanism, service, outcome) -> { };

    /**
     * Makes {@code metrics} the process-wide instance, for exchanges that end from now on.
     *
     * @param metrics the new instance; {@link #NOOP} (or null) turns metrics off
     * @return the instance installed before, for restoring it
     */
    static AuthMetrics install(AuthMetrics metrics) {
        return Installed.install(metrics == null ? NOOP : metrics);
    }

    /** The installed instance ({@link #NOOP} when none is), already guarded against its own exceptions. */
    static AuthMetrics current() {
        return Installed.current;
    }

    /** Whether an instance other than {@link #NOOP} is installed: hooks skip their clock reads when not. */
    static boolean enabled() {
        return Installed.current != NOOP;
    }

    /** The outcome label of a whole authentication. */
    static Outcome outcomeOf(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Accepted) {
            return Outcome.ACCEPTED;
        }
        if (outcome instanceof AuthOutcome.Rejected) {
            return Outcome.REJECTED;
        }
        if (outcome instanceof AuthOutcome.Unavailable u && u.throttled()) {
            return Outcome.THROTTLED;
        }
        return Outcome.UNAVAILABLE;
    }

    /** The outcome label of one verifier's password check. */
    static Outcome outcomeOf(VerifyResult result) {
        if (result instanceof VerifyResult.Accepted) {
            return Outcome.ACCEPTED;
        }
        return result instanceof VerifyResult.Rejected ? Outcome.REJECTED : Outcome.UNAVAILABLE;
    }

    /** The outcome label of one verifier's credential lookup. */
    static Outcome outcomeOf(CredentialResult result) {
        if (result instanceof CredentialResult.Found) {
            return Outcome.ACCEPTED;
        }
        return result instanceof CredentialResult.Missing ? Outcome.REJECTED : Outcome.UNAVAILABLE;
    }
}
