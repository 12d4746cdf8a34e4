package org.jsasl.secret;

/**
 * Whether a backend can hand out a {@link CredentialKind}: for every user (cleartext storage), for
 * some (a crypt table where some rows hold SCRAM secrets), or never (crypt hashes, a daemon that
 * only answers yes or no). It decides which mechanisms a server offers.
 */
public enum CredentialSupport {
    /** Every user's credential can be served. */
    ALL_USERS,
    /** Only users whose stored value is of the right kind; offered only where mech_list names the mechanism. */
    SOME_USERS,
    /** Never. */
    NONE;

    /** The better of two answers (a chain serves what any member serves). */
    public CredentialSupport or(CredentialSupport other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
