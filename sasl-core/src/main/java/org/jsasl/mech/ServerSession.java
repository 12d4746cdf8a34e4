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
 * @param initialResponse true when the first {@code evaluateResponse} carries the client's initial
 *     response even if it is empty (RFC 4954's {@code =}); false for the JDK convention, where an empty
 *     first response means the client sent none
 */
public record ServerSession(String protocol, String serverName, Authenticator authenticator, SaslLog log,
        boolean initialResponse) {

    /** A session with the JDK convention for the first response. */
    public ServerSession(String protocol, String serverName, Authenticator authenticator, SaslLog log) {
        this(protocol, serverName, authenticator, log, false);
    }
}
