package org.jsasl.callback;

import java.io.Serializable;
import java.util.Arrays;
import javax.security.auth.callback.Callback;

/**
 * Asks the application's CallbackHandler to check a password it cannot hand out in cleartext (a
 * crypt hash, an LDAP bind). jsasl's PLAIN and LOGIN servers send it together with a
 * {@link javax.security.auth.callback.NameCallback} holding the user; a handler that does not
 * support it gets a {@link javax.security.auth.callback.PasswordCallback} instead and jsasl
 * compares. Throwing IOException from the handler means "backend unavailable".
 */
public final class PasswordVerifyCallback implements Callback, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient char[] password;
    private boolean verified;

    /** @param password the password to check; copied, and cleared by {@link #clearPassword()} */
    public PasswordVerifyCallback(char[] password) {
        this.password = password.clone();
    }

    /** A copy of the password to check; the handler should clear it after use. */
    public char[] getPassword() {
        return password.clone();
    }

    /** Records whether the password is right. */
    public void setVerified(boolean verified) {
        this.verified = verified;
    }

    /** Whether the handler said the password is right. */
    public boolean isVerified() {
        return verified;
    }

    /** Wipes the password held by this callback. */
    public void clearPassword() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "PasswordVerifyCallback[verified=" + verified + "]";
    }
}
