package org.jsasl.server;

import java.util.Map;
import org.jsasl.secret.Credential;

/**
 * What a challenge-response mechanism (CRAM-MD5, SCRAM) learns when it asks for a user's stored
 * credential: the credential with the canonical name, none (the mechanism then fails the exchange
 * the same way as for a wrong password, so that unknown users cannot be told apart), or the backend
 * could not answer (a mail server's 454).
 */
public sealed interface CredentialLookup {

    /**
     * The credential, which the mechanism closes when the exchange ends.
     *
     * @param authenticationId the canonical authentication identity
     * @param credential cleartext or SCRAM keys
     * @param properties account properties from the backend, never a secret
     */
    record Found(String authenticationId, Credential credential, Map<String, String> properties)
            implements CredentialLookup {
        public Found {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * No usable credential: unknown user, a realm outside {@code realm_list}, a stored value of
     * another kind.
     *
     * @param authenticationId the canonical name, or the name as sent when it could not be canonicalised
     * @param reason for logs
     */
    record Missing(String authenticationId, String reason) implements CredentialLookup {
    }

    /**
     * The backend could not answer: try again later; or, with {@code throttled}, the lookup was
     * refused by the brute-force throttle before any backend was asked.
     *
     * @param reason for logs and the exception message
     * @param cause the underlying failure, or null
     * @param throttled refused by the throttle
     */
    record Unavailable(String reason, Throwable cause, boolean throttled) implements CredentialLookup {

        /**
         * @param reason for logs and the exception message
         * @param cause the underlying failure, or null
         */
        public Unavailable(String reason, Throwable cause) {
            this(reason, cause, false);
        }

        /** The outcome a mechanism fails with. */
        public AuthOutcome.Unavailable outcome() {
            return new AuthOutcome.Unavailable(reason, cause, throttled);
        }
    }
}
