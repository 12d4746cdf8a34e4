package org.jsasl.server;

import java.util.Map;

/**
 * The result of a whole authentication (password and authorisation): accepted with the identities,
 * rejected, or unavailable. Mechanisms turn the last two into
 * {@link javax.security.sasl.AuthenticationException} (its subclass
 * {@link org.jsasl.SaslAccountDisabledException} for a disabled account) and
 * {@link org.jsasl.SaslUnavailableException} (its subclass {@link org.jsasl.SaslThrottledException}
 * for an attempt the throttle refused).
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
     * The backend could not decide: try again later; or, with {@code throttled}, the attempt was
     * refused before any backend was asked because the user or the client address failed too often
     * ({@code jsasl_throttle}), which mechanisms turn into {@link org.jsasl.SaslThrottledException}
     * (a {@link org.jsasl.SaslUnavailableException}, so every caller treats it as temporary).
     *
     * @param reason for logs and the exception message; never a password
     * @param cause the underlying failure, or null
     * @param throttled refused by the brute-force throttle, not by a backend
     */
    record Unavailable(String reason, Throwable cause, boolean throttled) implements AuthOutcome {

        /**
         * @param reason for logs and the exception message; never a password
         * @param cause the underlying failure, or null
         */
        public Unavailable(String reason, Throwable cause) {
            this(reason, cause, false);
        }

        /**
         * Refused by the throttle.
         *
         * @param reason for logs and the exception message; never a password
         */
        public static Unavailable throttled(String reason) {
            return new Unavailable(reason, null, true);
        }
    }
}
