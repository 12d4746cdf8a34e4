package org.jsasl.pwcheck;

/**
 * One {@code pwcheck_method}: checks a user's password against a backend. Implementations are
 * thread-safe and shared by every session of a server context; they own their connections.
 */
public interface PasswordVerifier extends AutoCloseable {

    /** Checks the password. Never throws for backend trouble: that is {@link VerifyResult.Unavailable}. */
    VerifyResult verify(VerifyRequest request);

    /** Releases sockets and pools. */
    @Override
    default void close() {
    }
}
