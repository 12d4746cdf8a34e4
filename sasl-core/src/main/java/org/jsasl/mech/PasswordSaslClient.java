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
import javax.security.sasl.SaslException;

/**
 * The part of a password mechanism's client that every one shares: getting the name and password
 * from the CallbackHandler, once, and wiping the password. Subclasses produce their messages in
 * {@link #respond(byte[])}; {@link MechanismSaslClient} keeps the contract's state.
 */
public abstract class PasswordSaslClient extends MechanismSaslClient {

    private String name;
    private byte[] password;

    protected PasswordSaslClient(ClientSession session) {
        super(session);
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

    @Override
    protected void clearSecrets() {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
    }
}
