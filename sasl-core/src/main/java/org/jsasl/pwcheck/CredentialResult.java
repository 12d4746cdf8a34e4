package org.jsasl.pwcheck;

import java.util.Map;
import org.jsasl.secret.Credential;

/**
 * A password verifier's answer when a challenge-response mechanism asks for a user's stored
 * credential: here it is, there is none of that kind (unknown user, a crypt hash, a verifier that
 * only answers yes or no), or the backend could not tell.
 */
public sealed interface CredentialResult {

    /**
     * The credential, which the caller closes.
     *
     * @param credential the cleartext or SCRAM keys
     * @param properties account properties the backend returned, never a secret
     */
    record Found(Credential credential, Map<String, String> properties) implements CredentialResult {
        public Found {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * No usable credential of the kind asked for.
     *
     * @param reason for logs ("no such user", "stored value is a crypt hash")
     */
    record Missing(String reason) implements CredentialResult {
    }

    /**
     * The backend is down, timed out or answered nonsense.
     *
     * @param reason for logs
     * @param cause the underlying failure, or null
     */
    record Unavailable(String reason, Throwable cause) implements CredentialResult {
    }
}
