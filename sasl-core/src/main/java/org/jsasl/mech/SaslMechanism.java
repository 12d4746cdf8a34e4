package org.jsasl.mech;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.server.SecurityFlag;

/**
 * Service-provider interface of a mechanism module (PLAIN, LOGIN): its name, what it satisfies, and
 * how to start a server or client exchange. Found through {@link java.util.ServiceLoader}; the
 * {@link org.jsasl.JsaslProvider} offers every one on the class path.
 */
public interface SaslMechanism {

    /** The IANA mechanism name, upper case. */
    String name();

    /** The security properties the mechanism satisfies (Cyrus' {@code security_flags}). */
    Set<SecurityFlag> securityFlags();

    /** Whether the mechanism can negotiate integrity or privacy; PLAIN and LOGIN cannot. */
    default boolean offersSecurityLayer() {
        return false;
    }

    /** Where it sorts when no {@code mech_list} orders mechanisms: lower first. */
    default int rank() {
        return 100;
    }

    /** Starts a server exchange. */
    SaslServer createServer(ServerSession session) throws SaslException;

    /** Starts a client exchange. */
    SaslClient createClient(ClientSession session) throws SaslException;
}
