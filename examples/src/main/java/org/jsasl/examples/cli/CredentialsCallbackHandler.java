package org.jsasl.examples.cli;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The client side's CallbackHandler: answers the NameCallback and PasswordCallback of a password
 * mechanism with the user and password being checked.
 */
final class CredentialsCallbackHandler implements CallbackHandler {

    private final String name;
    private final char[] password;

    /**
     * @param name the user name
     * @param password the password; not copied, because its owner clears it after the exchange
     */
    CredentialsCallbackHandler(String name, char[] password) {
        this.name = name;
        this.password = password;
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback cb : callbacks) {
            if (cb instanceof NameCallback nc) {
                nc.setName(name);
            } else if (cb instanceof PasswordCallback pc) {
                // setPassword copies; the mechanism clears its copy with clearPassword().
                pc.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(cb);
            }
        }
    }

    @Override
    public String toString() {
        return "CredentialsCallbackHandler[redacted]";
    }
}
