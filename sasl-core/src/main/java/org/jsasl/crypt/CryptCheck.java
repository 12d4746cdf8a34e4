package org.jsasl.crypt;

/**
 * The verdict of checking a password against a stored hash: it matches, it does not, or the stored
 * value cannot be checked here (malformed, truncated, or a format this machine cannot compute).
 */
public sealed interface CryptCheck {

    /** The password produces the stored hash. */
    record Match() implements CryptCheck {
    }

    /** The password does not produce the stored hash. */
    record Mismatch() implements CryptCheck {
    }

    /**
     * The stored value is not a hash jsasl can check here; never a match.
     *
     * @param reason what is wrong with it (never the password, never the whole hash)
     */
    record Unsupported(String reason) implements CryptCheck {
    }

    /** The one Match value. */
    CryptCheck MATCH = new Match();

    /** The one Mismatch value. */
    CryptCheck MISMATCH = new Mismatch();
}
