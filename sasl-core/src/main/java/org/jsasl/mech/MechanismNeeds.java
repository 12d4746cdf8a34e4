package org.jsasl.mech;

import java.util.List;
import org.jsasl.secret.CredentialKind;

/**
 * What a mechanism needs from the server's backend to succeed, which decides whether a server
 * context offers it: a password check (PLAIN, LOGIN: every {@code pwcheck_method} can), a stored
 * credential (CRAM-MD5, SCRAM: only backends that can hand one out), an identity the application
 * already established (EXTERNAL), or nothing at all (ANONYMOUS, offered only when asked for by name).
 */
public sealed interface MechanismNeeds {

    /** The client sends the password and any verifier checks it. */
    record PasswordCheck() implements MechanismNeeds {
    }

    /**
     * The server needs a stored credential of one of these kinds.
     *
     * @param anyOf the kinds that serve, in order of preference
     */
    record StoredCredential(List<CredentialKind> anyOf) implements MechanismNeeds {
        public StoredCredential {
            anyOf = List.copyOf(anyOf);
        }
    }

    /** The application passes the identity it established ({@link org.jsasl.JsaslProperties#EXTERNAL_IDENTITY}). */
    record ExternalIdentity() implements MechanismNeeds {
    }

    /** No credential at all: offered only where {@code mech_list} names the mechanism. */
    record NamedOnly() implements MechanismNeeds {
    }

    /** PLAIN and LOGIN. */
    MechanismNeeds PASSWORD_CHECK = new PasswordCheck();
}
