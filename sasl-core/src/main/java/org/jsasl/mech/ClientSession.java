package org.jsasl.mech;

import javax.security.auth.callback.CallbackHandler;

/**
 * What a mechanism's client needs for one exchange.
 *
 * @param authorizationId the identity to act as, or null for the authenticated one
 * @param protocol the SASL service name
 * @param serverName the server's host name
 * @param callbackHandler supplies the name and password (NameCallback, PasswordCallback)
 */
public record ClientSession(String authorizationId, String protocol, String serverName,
        CallbackHandler callbackHandler) {
}
