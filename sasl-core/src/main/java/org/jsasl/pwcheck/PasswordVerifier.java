package org.jsasl.pwcheck;

import java.util.Optional;

/**
 * One {@code pwcheck_method}: checks a user's password against a backend. Implementations are
 * thread-safe and shared by every session of a server context; they own their connections.
 */
public interface PasswordVerifier extends AutoCloseable {

    /** Checks the password. Never throws for backend trouble: that is {@link VerifyResult.Unavailable}. */
    VerifyResult verify(VerifyRequest request);

    /**
     * Why this verifier's backend cannot tell {@code user@one.example} from {@code user@other.example},
     * or empty when the realm reaches it (a daemon given the whole name decides for itself). Read
     * once at start-up, for the realm warning.
     */
    default Optional<String> realmIgnored() {
        return Optional.empty();
    }

    /** Releases sockets and pools. */
    @Override
    default void close() {
    }
}
