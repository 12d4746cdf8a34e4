package org.jsasl.mech;

import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslAccountDisabledException;
import org.jsasl.SaslThrottledException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.server.AuthOutcome;

/**
 * The part of every jsasl mechanism's server that the {@link SaslServer} contract fixes: state,
 * {@link IllegalStateException} before completion and after it, no security layer, idempotent
 * dispose, telling "no initial response" from an empty one, and turning an {@link AuthOutcome} into
 * success or the right exception. Subclasses only handle their messages in {@link #step(byte[])}
 * and end with {@link #complete}.
 */
public abstract class MechanismSaslServer implements SaslServer {

    private enum State { RUNNING, COMPLETE, FAILED, DISPOSED }

    /** The session this exchange belongs to. */
    protected final ServerSession session;
    private State state = State.RUNNING;
    private boolean started;
    private AuthOutcome.Accepted accepted;

    protected MechanismSaslServer(ServerSession session) {
        this.session = session;
    }

    /**
     * The challenge that starts the exchange when the client sent no initial response, as Cyrus
     * calls a client-first mechanism's step with no input.
     */
    protected abstract byte[] firstChallenge() throws SaslException;

    /**
     * Handles one client message, which may be empty: the initial response, when the client sent
     * one, or an answer to a challenge. Returns the next challenge, or calls {@link #finish} and
     * returns its result on the last step.
     *
     * @throws SaslException for malformed input; the exchange then fails for good
     */
    protected abstract byte[] step(byte[] response) throws SaslException;

    /** Wipes any buffered credentials; called once, on completion, failure or dispose. */
    protected abstract void clearSecrets();

    @Override
    public final byte[] evaluateResponse(byte[] response) throws SaslException {
        switch (state) {
            case COMPLETE:
                throw new IllegalStateException(getMechanismName() + " authentication already completed");
            case FAILED:
                throw new IllegalStateException(getMechanismName() + " authentication already failed");
            case DISPOSED:
                throw new IllegalStateException(getMechanismName() + " server already disposed");
            default:
                break;
        }
        if (response == null) {
            fail();
            throw new SaslException(getMechanismName() + ": response is null");
        }
        try {
            if (!started) {
                started = true;
                // The JDK convention: an empty first response is no initial response, unless the
                // caller said the client sent one (JsaslProperties.INITIAL_RESPONSE).
                if (response.length == 0 && !session.initialResponse()) {
                    return firstChallenge();
                }
            }
            return step(response);
        } catch (SaslException | RuntimeException e) {
            if (state == State.RUNNING && e instanceof AuthenticationException && AuthMetrics.enabled()) {
                // Refused in step() itself (PLAIN's empty password), not through complete(): a rejection too.
                AuthMetrics.current().authentication(getMechanismName(), session == null ? "" : session.protocol(),
                        AuthMetrics.Outcome.REJECTED);
            }
            fail();
            throw e;
        }
    }

    /**
     * Ends the exchange with {@code outcome}: returns {@code finalData} (null for none, or the
     * mechanism's last message, such as SCRAM's server-final) when it is accepted, else throws
     * {@link AuthenticationException} (rejected; {@link SaslAccountDisabledException} when the
     * account is disabled) or {@link SaslUnavailableException} (backend unavailable;
     * {@link SaslThrottledException} when the throttle refused the attempt). Secrets are cleared
     * either way.
     */
    protected final byte[] complete(AuthOutcome outcome, byte[] finalData) throws SaslException {
        // Every mechanism ends here, in JDK and Cyrus mode: the one place that knows the
        // mechanism, the service and the outcome.
        if (AuthMetrics.enabled()) {
            AuthMetrics.current().authentication(getMechanismName(), session == null ? "" : session.protocol(),
                    AuthMetrics.outcomeOf(outcome));
        }
        if (outcome instanceof AuthOutcome.Accepted a) {
            accepted = a;
            state = State.COMPLETE;
            clearSecrets();
            return finalData;
        }
        fail();
        if (outcome instanceof AuthOutcome.Unavailable u) {
            if (u.throttled()) {
                throw new SaslThrottledException(getMechanismName() + ": " + u.reason());
            }
            throw new SaslUnavailableException(getMechanismName() + ": " + u.reason(), u.cause());
        }
        AuthOutcome.Rejected rejected = (AuthOutcome.Rejected) outcome;
        if (rejected.accountDisabled()) {
            // Only a password check that succeeded yields this (AuthOutcome.Rejected), so it is no oracle.
            throw new SaslAccountDisabledException(getMechanismName() + ": " + rejected.reason());
        }
        throw new AuthenticationException(getMechanismName() + ": " + rejected.reason());
    }

    /** Fails the exchange for good (clearing secrets) and returns {@code e} for the caller to throw. */
    protected final <E extends SaslException> E failWith(E e) {
        fail();
        return e;
    }

    private void fail() {
        if (state == State.RUNNING) {
            state = State.FAILED;
            clearSecrets();
        }
    }

    @Override
    public final boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public final String getAuthorizationID() {
        return completed().authorizationId();
    }

    /** The canonical authentication identity, once complete (also the {@code org.jsasl.authcid} property). */
    public final String getAuthenticationID() {
        return completed().authenticationId();
    }

    @Override
    public final Object getNegotiatedProperty(String propName) {
        AuthOutcome.Accepted a = completed();
        if (Sasl.QOP.equals(propName)) {
            return "auth";
        }
        if (AUTHCID_PROPERTY.equals(propName)) {
            return a.authenticationId();
        }
        return a.properties().get(propName);
    }

    /** Negotiated property holding the canonical authentication identity. */
    public static final String AUTHCID_PROPERTY = "org.jsasl.authcid";

    @Override
    public final byte[] unwrap(byte[] incoming, int offset, int len) {
        completed();
        throw new IllegalStateException(getMechanismName() + " supports neither integrity nor privacy");
    }

    @Override
    public final byte[] wrap(byte[] outgoing, int offset, int len) {
        completed();
        throw new IllegalStateException(getMechanismName() + " supports neither integrity nor privacy");
    }

    @Override
    public final void dispose() {
        if (state == State.RUNNING) {
            clearSecrets();
        }
        if (state != State.COMPLETE) {
            state = State.DISPOSED;
        }
    }

    private AuthOutcome.Accepted completed() {
        if (state != State.COMPLETE || accepted == null) {
            throw new IllegalStateException(getMechanismName() + " authentication not completed");
        }
        return accepted;
    }
}
