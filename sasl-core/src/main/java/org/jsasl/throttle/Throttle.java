package org.jsasl.throttle;

/**
 * Brute-force throttling: counts failed authentications per user and per client address within a
 * sliding window ({@code jsasl_throttle_window}) and, over a limit, refuses further attempts before
 * any password backend is asked. Chosen by {@code jsasl_throttle} ({@code none}, {@code local} or
 * {@code redis}); implementations are found by name through {@link ThrottleFactory}.
 *
 * <p>Implementations are thread-safe, never throw from these methods, and bound every call in time:
 * a throttle that cannot decide answers according to its own policy (the Redis one: local counters,
 * or blocked), never "allowed" by accident.
 */
public interface Throttle extends AutoCloseable {

    /** No throttling ({@code jsasl_throttle: none}, the default). */
    Throttle NONE = new Throttle() {
        @Override
        public Verdict check(String user, String address) {
            return Verdict.ALLOWED;
        }

        @Override
        public void failure(String user, String address) {
        }

        @Override
        public String toString() {
            return "Throttle.NONE";
        }
    };

    /**
     * Whether an attempt for {@code user} from {@code address} may go on to the password check.
     *
     * @param user the canonical authentication identity
     * @param address the client's address, or null when the application did not give it
     */
    Verdict check(String user, String address);

    /**
     * Records a failed attempt: a wrong password or an unknown user (never a backend that could not
     * decide, which is no guess).
     *
     * @param user the canonical authentication identity
     * @param address the client's address, or null
     */
    void failure(String user, String address);

    /**
     * Records a successful login. The built-in throttles do nothing: resetting the address's counter
     * would let an attacker who owns one account wipe its own record with a login of its own.
     */
    default void success(String user, String address) {
    }

    /** Releases connections; idempotent. */
    @Override
    default void close() {
    }

    /**
     * The answer of {@link #check}.
     *
     * @param blocked whether the attempt is refused
     * @param reason why, for logs and the exception message (names no password); empty when allowed
     */
    record Verdict(boolean blocked, String reason) {

        /** The attempt may go on. */
        public static final Verdict ALLOWED = new Verdict(false, "");

        /** A refusal for {@code reason}. */
        public static Verdict blocked(String reason) {
            return new Verdict(true, reason);
        }
    }
}
