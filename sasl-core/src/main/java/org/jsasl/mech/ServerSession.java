package org.jsasl.mech;

import org.jsasl.server.Authenticator;
import org.jsasl.server.SaslLog;

/**
 * What a mechanism's server needs for one exchange.
 *
 * @param protocol the SASL service name ({@code smtp})
 * @param serverName the server's host name
 * @param authenticator checks the credentials once they are parsed
 * @param log where protocol errors are logged, filtered by {@code log_level}
 */
public record ServerSession(String protocol, String serverName, Authenticator authenticator, SaslLog log) {
}
