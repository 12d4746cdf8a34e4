package org.jsasl.pwcheck;

import java.util.Optional;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.CredentialSupport;
import org.jsasl.server.CanonicalUser;

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

    /**
     * Whether this verifier can hand out credentials of {@code kind}, which decides whether a
     * challenge-response mechanism is offered. Read once at start-up. Most backends (a crypt hash, a
     * daemon that answers yes or no) cannot: the default.
     */
    default CredentialSupport credentialSupport(CredentialKind kind) {
        return CredentialSupport.NONE;
    }

    /**
     * The user's stored credential of {@code kind} (for SCRAM kinds, SCRAM keys of that hash or the
     * cleartext). Never throws for backend trouble: that is {@link CredentialResult.Unavailable}.
     */
    default CredentialResult credential(CanonicalUser user, CredentialKind kind) {
        return new CredentialResult.Missing("this password verifier cannot hand out credentials");
    }

    /** Releases sockets and pools. */
    @Override
    default void close() {
    }
}
