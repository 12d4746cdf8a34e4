package org.jsasl.mech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * The part of a password mechanism's client that the {@link SaslClient} contract fixes: getting
 * the name and password from the CallbackHandler, no security layer, state checks, and wiping
 * the password. Subclasses produce their messages in {@link #respond(byte[])}.
 */
public abstract class PasswordSaslClient implements SaslClient {

    /** The session this exchange belongs to. */
    protected final ClientSession session;
    private boolean complete;
    private boolean disposed;
    private String name;
    private byte[] password;

    protected PasswordSaslClient(ClientSession session) {
        this.session = session;
    }

    /** Answers one server challenge; calls {@link #markComplete()} with the last answer. */
    protected abstract byte[] respond(byte[] challenge) throws SaslException;

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

    /** Marks the client's side of the exchange done and wipes the password. */
    protected final void markComplete() {
        complete = true;
        wipe();
    }

    /** The user name from the NameCallback (asked once). */
    protected final String name() throws SaslException {
        fetch();
        return name;
    }

    /** The password as UTF-8 from the PasswordCallback (asked once); not a copy. */
    protected final byte[] password() throws SaslException {
        fetch();
        return password;
    }

    private void fetch() throws SaslException {
        if (name != null) {
            return;
        }
        NameCallback nc = new NameCallback("Username: ");
        PasswordCallback pc = new PasswordCallback("Password: ", false);
        try {
            session.callbackHandler().handle(new Callback[] {nc, pc});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new SaslException(getMechanismName() + ": cannot get the name and password", e);
        }
        char[] chars = pc.getPassword();
        pc.clearPassword();
        if (nc.getName() == null || chars == null) {
            throw new SaslException(getMechanismName() + ": the callback handler gave no name or password");
        }
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        Arrays.fill(chars, '\0');
        password = Arrays.copyOf(bb.array(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        name = nc.getName();
    }

    private void wipe() {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
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
        return javax.security.sasl.Sasl.QOP.equals(propName) ? "auth" : null;
    }

    @Override
    public final void dispose() {
        wipe();
        disposed = true;
    }
}
