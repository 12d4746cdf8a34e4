package org.jsasl.secret;

import org.jsasl.pwcheck.Password;

/**
 * A stored credential handed to a challenge-response mechanism: the cleartext password, or SCRAM
 * keys. The mechanism owns it for one exchange and closes it, which wipes the secret.
 */
public sealed interface Credential extends AutoCloseable {

    /** Wipes the secret. Idempotent. */
    @Override
    void close();

    /**
     * The cleartext password (as stored; SCRAM applies SASLprep to it).
     *
     * @param password the password; closed with this credential
     */
    record Cleartext(Password password) implements Credential {
        @Override
        public void close() {
            password.close();
        }

        @Override
        public String toString() {
            return "Cleartext[redacted]";
        }
    }

    /**
     * Stored SCRAM keys, from which no password can be recovered.
     *
     * @param secret the keys; wiped with this credential
     */
    record Scram(ScramSecret secret) implements Credential {
        @Override
        public void close() {
            secret.wipe();
        }

        @Override
        public String toString() {
            return "Scram[" + secret + "]";
        }
    }
}
