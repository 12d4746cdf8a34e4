package org.jsasl.secret;

import java.util.Optional;

/**
 * What a challenge-response mechanism asks the backend for: the cleartext password (CRAM-MD5), or
 * SCRAM keys of one hash (which a cleartext password can also provide, by deriving them).
 */
public enum CredentialKind {
    /** The password itself. */
    CLEARTEXT(null),
    /** SCRAM-SHA-1 keys, or the cleartext to derive them from. */
    SCRAM_SHA_1(ScramHash.SHA_1),
    /** SCRAM-SHA-256 keys, or the cleartext to derive them from. */
    SCRAM_SHA_256(ScramHash.SHA_256),
    /** SCRAM-SHA-512 keys, or the cleartext to derive them from. */
    SCRAM_SHA_512(ScramHash.SHA_512);

    private final ScramHash hash;

    CredentialKind(ScramHash hash) {
        this.hash = hash;
    }

    /** The SCRAM hash, empty for {@link #CLEARTEXT}. */
    public Optional<ScramHash> scramHash() {
        return Optional.ofNullable(hash);
    }

    /** The kind that asks for keys of {@code hash}. */
    public static CredentialKind scram(ScramHash hash) {
        switch (hash) {
            case SHA_1:
                return SCRAM_SHA_1;
            case SHA_256:
                return SCRAM_SHA_256;
            default:
                return SCRAM_SHA_512;
        }
    }
}
