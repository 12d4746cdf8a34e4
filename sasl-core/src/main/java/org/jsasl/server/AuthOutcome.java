package org.jsasl.server;

import java.util.Map;

/**
 * The result of a whole authentication (password and authorisation): accepted with the identities,
 * rejected, or unavailable. Mechanisms turn the last two into
 * {@link javax.security.sasl.AuthenticationException} (its subclass
 * {@link org.jsasl.SaslAccountDisabledException} for a disabled account) and
 * {@link org.jsasl.SaslUnavailableException}.
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
     * Wrong credentials, unknown user, or an authorisation that was refused; or, with
     * {@code accountDisabled}, right credentials for an account that may not log in, which
     * mechanisms turn into {@link org.jsasl.SaslAccountDisabledException}. Only a password check
     * that succeeded sets the flag (see {@link org.jsasl.pwcheck.VerifyResult.Rejected}); an
     * authorisation refusal never does.
     *
     * @param reason for logs and the exception message; never a password
     * @param accountDisabled the credentials were right, but the account is disabled
     */
    record Rejected(String reason, boolean accountDisabled) implements AuthOutcome {

        /** @param reason for logs and the exception message; never a password */
        public Rejected(String reason) {
            this(reason, false);
        }

        /**
         * Right credentials, disabled account.
         *
         * @param reason for logs and the exception message; never a password
         */
        public static Rejected disabled(String reason) {
            return new Rejected(reason, true);
        }
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
