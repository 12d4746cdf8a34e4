package org.jsasl.mech;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;

/**
 * What a mechanism's client needs for one exchange.
 *
 * @param authorizationId the identity to act as, or null for the authenticated one
 * @param protocol the SASL service name
 * @param serverName the server's host name
 * @param callbackHandler supplies the name and password (NameCallback, PasswordCallback)
 * @param properties the {@code props} given to {@code createSaslClient}; never null
 * @param channelBindings this connection's channel-binding data, possibly none
 */
public record ClientSession(String authorizationId, String protocol, String serverName,
        CallbackHandler callbackHandler, Map<String, ?> properties, ChannelBindings channelBindings) {

    public ClientSession {
        properties = properties == null ? Map.of() : properties;
        channelBindings = channelBindings == null ? ChannelBindings.NONE : channelBindings;
    }

    /** A session without properties or channel binding. */
    public ClientSession(String authorizationId, String protocol, String serverName, CallbackHandler callbackHandler) {
        this(authorizationId, protocol, serverName, callbackHandler, Map.of(), ChannelBindings.NONE);
    }
}
