package org.jsasl.server;

import org.jsasl.pwcheck.Password;

/**
 * What a password mechanism (PLAIN, LOGIN) asks once it has parsed the client's message: are these
 * credentials good, and may this user act as that identity. Cyrus mode answers from the configured
 * {@code pwcheck_method}; JDK mode from the application's CallbackHandler.
 */
public interface Authenticator {

    /**
     * @param authcid the authentication identity as the client sent it
     * @param authzid the requested authorisation identity, empty for none
     * @param password the password; the authenticator does not keep or clear it
     */
    AuthOutcome authenticate(String authcid, String authzid, Password password);
}
