package org.jsasl.mech;

import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * The part of every jsasl mechanism's client that the {@link SaslClient} contract fixes: state,
 * {@link IllegalStateException} after completion and after dispose, no security layer, and
 * idempotent dispose. Subclasses only answer challenges in {@link #respond(byte[])}, the client-side
 * twin of {@link MechanismSaslServer}.
 */
public abstract class MechanismSaslClient implements SaslClient {

    /** The session this exchange belongs to. */
    protected final ClientSession session;
    private boolean complete;
    private boolean disposed;

    protected MechanismSaslClient(ClientSession session) {
        this.session = session;
    }

    /**
     * Answers one server challenge (empty for none, never null); calls {@link #markComplete()} with
     * the last answer.
     */
    protected abstract byte[] respond(byte[] challenge) throws SaslException;

    /** Wipes any buffered credentials; called on completion and on dispose. */
    protected void clearSecrets() {
    }

    @Override
    public final byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (disposed) {
            throw new IllegalStateException(getMechanismName() + " client already disposed");
        }
        if (complete) {
            throw new IllegalStateException(getMechanismName() + " authentication already completed");
        }
        return respond(challenge == null ? new byte[0] : challenge);
    }

    /** Marks the client's side of the exchange done and clears its secrets. */
    protected final void markComplete() {
        complete = true;
        clearSecrets();
    }

    @Override
    public final boolean isComplete() {
        return complete;
    }

    @Override
    public final byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException(complete ? getMechanismName() + " supports neither integrity nor privacy"
                : getMechanismName() + " authentication not completed");
    }

    @Override
    public final byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException(complete ? getMechanismName() + " supports neither integrity nor privacy"
                : getMechanismName() + " authentication not completed");
    }

    @Override
    public final Object getNegotiatedProperty(String propName) {
        if (!complete) {
            throw new IllegalStateException(getMechanismName() + " authentication not completed");
        }
        return Sasl.QOP.equals(propName) ? "auth" : null;
    }

    @Override
    public final void dispose() {
        clearSecrets();
        disposed = true;
    }
}
