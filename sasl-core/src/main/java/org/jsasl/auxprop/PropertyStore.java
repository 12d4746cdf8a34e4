package org.jsasl.auxprop;

/** The answer of a property source asked to store a property (a new password, say). */
public sealed interface PropertyStore {

    /** Stored. */
    record Stored() implements PropertyStore {
    }

    /**
     * A compare-and-set found another value than the expected one (an administrator changed it
     * meanwhile), so nothing was changed.
     */
    record Conflict() implements PropertyStore {
    }

    /**
     * This source cannot store (not configured for it).
     *
     * @param reason for the administrator
     */
    record NotSupported(String reason) implements PropertyStore {
    }

    /**
     * The source could not store it now (database down, statement failed); nothing was changed.
     *
     * @param reason for logs; never the value
     * @param cause the underlying failure, or null
     */
    record Unavailable(String reason, Throwable cause) implements PropertyStore {
    }
}
