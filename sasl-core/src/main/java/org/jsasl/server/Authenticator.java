package org.jsasl.server;

import java.util.Map;
import org.jsasl.pwcheck.Password;
import org.jsasl.secret.CredentialKind;

/**
 * What a mechanism asks of the server's backend. A password mechanism (PLAIN, LOGIN) asks once it
 * has parsed the client's message: are these credentials good, and may this user act as that
 * identity. A challenge-response mechanism (CRAM-MD5, SCRAM) asks for the stored credential, proves
 * the client itself, then asks for the proxy policy. Cyrus mode answers from the configured
 * {@code pwcheck_method}; JDK mode from the application's CallbackHandler.
 */
public interface Authenticator {

    /**
     * @param authcid the authentication identity as the client sent it
     * @param authzid the requested authorisation identity, empty for none
     * @param password the password; the authenticator does not keep or clear it
     */
    AuthOutcome authenticate(String authcid, String authzid, Password password);

    /**
     * The stored credential of {@code authcid} (canonicalised here, as for a password check).
     *
     * @param authcid the authentication identity as the client sent it
     * @param kind what the mechanism can use
     */
    default CredentialLookup credential(String authcid, CredentialKind kind) {
        return new CredentialLookup.Missing(authcid, "no stored credentials here");
    }

    /**
     * Applies the proxy policy once the mechanism has authenticated {@code authenticationId} itself (a
     * proof checked, an external identity given), and logs the login.
     *
     * @param authenticationId the canonical authentication identity ({@link CredentialLookup.Found})
     *     or the application's external identity
     * @param authzid the requested authorisation identity, empty for none
     * @param properties account properties to offer as negotiated properties
     */
    default AuthOutcome authorize(String authenticationId, String authzid, Map<String, String> properties) {
        return Authorization.cyrusPolicy(authenticationId, authzid, null, properties);
    }

    /**
     * Records that the mechanism refused the client (a wrong proof, an unknown user) and returns the
     * outcome to fail with.
     *
     * @param authenticationId the name the client gave (canonical where known)
     * @param reason for logs; never a secret
     */
    default AuthOutcome reject(String authenticationId, String reason) {
        return new AuthOutcome.Rejected(reason);
    }

    /**
     * An ANONYMOUS login (RFC 4505) with the client's trace token, logged safely.
     *
     * @param trace the token, already bounded and checked by the mechanism
     */
    default AuthOutcome anonymous(String trace) {
        return new AuthOutcome.Accepted(ANONYMOUS_ID, ANONYMOUS_ID, Map.of());
    }

    /** The identity of an ANONYMOUS login, as Cyrus sets it. */
    String ANONYMOUS_ID = "anonymous";
}
