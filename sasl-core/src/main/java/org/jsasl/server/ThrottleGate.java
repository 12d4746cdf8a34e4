package org.jsasl.server;

import org.jsasl.throttle.Throttle;

/**
 * Where a session's authenticator meets the context's {@link Throttle}: asked after the user name is
 * canonical and before any backend, told of wrong passwords and unknown users only. Kept apart so
 * that {@link ConfiguredAuthenticator} holds one line per hook.
 */
final class ThrottleGate {

    private final Throttle throttle;
    private final SaslLog log;
    private final String address;

    /**
     * @param address the client address from {@code org.jsasl.client.address}, or null
     */
    ThrottleGate(Throttle throttle, SaslLog log, String address) {
        this.throttle = throttle;
        this.log = log;
        this.address = address;
    }

    /** The refusal when {@code user} (or this client's address) is over a limit, else null. */
    AuthOutcome.Unavailable refusal(String user) {
        Throttle.Verdict v;
        try {
            v = throttle.check(user, address);
        } catch (RuntimeException e) {
            // A throttle's bug must not become an accept: refuse as if blocked.
            log.err("throttle check failed: {}", e.toString());
            v = Throttle.Verdict.blocked("throttle check failed");
        }
        if (!v.blocked()) {
            return null;
        }
        log.fail("authentication throttled for {} from {}: {}", SaslLog.quote(user),
                address == null ? "an unknown address" : SaslLog.quote(address), v.reason());
        return AuthOutcome.Unavailable.throttled(v.reason());
    }

    /** Records a wrong password or an unknown user for {@code user} (never an unavailable backend). */
    void failed(String user) {
        try {
            throttle.failure(user, address);
        } catch (RuntimeException e) {
            log.err("throttle could not record a failure: {}", e.toString());
        }
    }

    /** Records a login when {@code outcome} is accepted; returns {@code outcome}. */
    AuthOutcome succeeded(String user, AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Accepted) {
            try {
                throttle.success(user, address);
            } catch (RuntimeException e) {
                log.err("throttle could not record a success: {}", e.toString());
            }
        }
        return outcome;
    }
}
