package org.jsasl.callback;

import javax.security.auth.callback.Callback;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;

/**
 * JDK mode: asks the application's CallbackHandler for the stored SCRAM keys of the user named in
 * the accompanying {@link javax.security.auth.callback.NameCallback}, so that a SCRAM server needs
 * no cleartext. A handler that does not support it is asked for the cleartext through
 * {@link javax.security.auth.callback.PasswordCallback} instead; one that leaves it unset means
 * "no such user".
 */
public final class ScramCredentialCallback implements Callback {

    private final ScramHash hash;
    private ScramSecret secret;

    /** @param hash the hash the mechanism uses; a secret of another hash is refused */
    public ScramCredentialCallback(ScramHash hash) {
        this.hash = hash;
    }

    /** The hash whose keys are wanted. */
    public ScramHash hash() {
        return hash;
    }

    /**
     * Hands over the user's keys (for instance {@code ScramSecret.parse(storedValue)}).
     *
     * @throws IllegalArgumentException when the secret is of another hash
     */
    public void setSecret(ScramSecret secret) {
        if (secret != null && secret.hash() != hash) {
            throw new IllegalArgumentException("a " + hash.mechanism() + " secret is wanted, not "
                    + secret.hash().mechanism());
        }
        this.secret = secret;
    }

    /** The keys handed over, or null. */
    public ScramSecret secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ScramCredentialCallback[" + hash.mechanism() + "]";
    }
}
