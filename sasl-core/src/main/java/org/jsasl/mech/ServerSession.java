package org.jsasl.mech;

import java.util.Map;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.Authenticator;
import org.jsasl.server.SaslLog;

/**
 * What a mechanism's server needs for one exchange.
 *
 * @param protocol the SASL service name ({@code smtp})
 * @param serverName the server's host name
 * @param authenticator checks the credentials once they are parsed, hands out stored credentials
 *     and applies the proxy policy
 * @param log where protocol errors are logged, filtered by {@code log_level}
 * @param initialResponse true when the first {@code evaluateResponse} carries the client's initial
 *     response even if it is empty (RFC 4954's {@code =}); false for the JDK convention, where an empty
 *     first response means the client sent none
 * @param properties the {@code props} given to {@code createSaslServer}, for mechanism-specific ones
 *     (the external identity); never null
 * @param options the server context's configuration (mechanism options such as
 *     {@code scram_iteration_counter}); {@link SaslConfig#EMPTY} in JDK mode
 * @param channelBindings this connection's channel-binding data, possibly none
 * @param channelBindingOffered whether the server offers a {@code -PLUS} variant of this
 *     mechanism on this connection: a client that says it could bind ({@code y}) while it is offered
 *     was downgraded, and is refused
 */
public record ServerSession(String protocol, String serverName, Authenticator authenticator, SaslLog log,
        boolean initialResponse, Map<String, ?> properties, SaslConfig options, ChannelBindings channelBindings,
        boolean channelBindingOffered) {

    public ServerSession {
        properties = properties == null ? Map.of() : properties;
        options = options == null ? SaslConfig.EMPTY : options;
        channelBindings = channelBindings == null ? ChannelBindings.NONE : channelBindings;
    }

    /** A session without mechanism-specific properties or channel binding. */
    public ServerSession(String protocol, String serverName, Authenticator authenticator, SaslLog log,
            boolean initialResponse) {
        this(protocol, serverName, authenticator, log, initialResponse, Map.of(), SaslConfig.EMPTY,
                ChannelBindings.NONE, false);
    }

    /** A session with the JDK convention for the first response. */
    public ServerSession(String protocol, String serverName, Authenticator authenticator, SaslLog log) {
        this(protocol, serverName, authenticator, log, false);
    }
}
