package org.jsasl.pwcheck;

import java.util.Map;

/**
 * A password verifier's verdict: the password is right, it is wrong (or the user unknown), or the
 * backend could not tell (a mail server answers 454 "try again later" to the last, 535 to the second).
 */
public sealed interface VerifyResult {

    /**
     * The password is right.
     *
     * @param properties account properties the backend returned (home, uid, ...), never a password
     */
    record Accepted(Map<String, String> properties) implements VerifyResult {
        public Accepted {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * The password is wrong, the user is unknown, or the stored hash cannot be used; or, with
     * {@code accountDisabled}, the password was right but the account may not log in (Cyrus'
     * {@code SASL_DISABLED}, courier's {@code disable<service>=1}). A verifier sets the flag only
     * after the password has been proven right (by itself or by its backend), so that "disabled"
     * never tells a client which user names exist.
     *
     * @param reason for logs; names no password
     * @param accountDisabled the password was right, but the account is disabled
     */
    record Rejected(String reason, boolean accountDisabled) implements VerifyResult {

        /** @param reason for logs; names no password */
        public Rejected(String reason) {
            this(reason, false);
        }

        /**
         * The password was right, but the account is disabled.
         *
         * @param reason for logs; names no password
         */
        public static Rejected disabled(String reason) {
            return new Rejected(reason, true);
        }
    }

    /**
     * The backend is down, timed out or answered nonsense; nothing is known about the password.
     *
     * @param reason for logs; names no password
     * @param cause the underlying failure, or null
     */
    record Unavailable(String reason, Throwable cause) implements VerifyResult {
    }

    /** An acceptance without properties. */
    static VerifyResult accepted() {
        return new Accepted(Map.of());
    }
}
