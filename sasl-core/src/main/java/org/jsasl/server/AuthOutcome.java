package org.jsasl.server;

import java.util.Map;

/**
 * The result of a whole authentication (password and authorisation): accepted with the identities,
 * rejected, or unavailable. Mechanisms turn the last two into
 * {@link javax.security.sasl.AuthenticationException} and {@link org.jsasl.SaslUnavailableException}.
 */
public sealed interface AuthOutcome {

    /**
     * Authenticated and authorised.
     *
     * @param authenticationId the canonical authentication identity
     * @param authorizationId the identity the session acts as
     * @param properties account properties from the backend, offered as negotiated properties
     */
    record Accepted(String authenticationId, String authorizationId, Map<String, String> properties)
            implements AuthOutcome {
        public Accepted {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * Wrong credentials, unknown user, or an authorisation that was refused.
     *
     * @param reason for logs and the exception message; never a password
     */
    record Rejected(String reason) implements AuthOutcome {
    }

    /**
     * The backend could not decide: try again later.
     *
     * @param reason for logs and the exception message; never a password
     * @param cause the underlying failure, or null
     */
    record Unavailable(String reason, Throwable cause) implements AuthOutcome {
    }
}
