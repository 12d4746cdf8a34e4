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
     * The password is wrong, the user is unknown, or the stored hash cannot be used.
     *
     * @param reason for logs; names no password
     */
    record Rejected(String reason) implements VerifyResult {
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
