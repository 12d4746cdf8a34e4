package org.jsasl.mech;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.SecurityFlag;

/**
 * Service-provider interface of a mechanism module (PLAIN, LOGIN, SCRAM-SHA-256, ...): its name, what
 * it satisfies, what it needs from the backend, and how to start a server or client exchange. Found through {@link java.util.ServiceLoader}; the
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

    /** What the server side needs from the backend; decides whether a configured server offers it. */
    default MechanismNeeds needs() {
        return MechanismNeeds.PASSWORD_CHECK;
    }

    /**
     * Whether this is a channel-binding ({@code -PLUS}) variant, offered only when the session has
     * channel-binding data.
     */
    default boolean usesChannelBinding() {
        return false;
    }

    /**
     * Validates the mechanism's own options in the server's configuration (SCRAM's
     * {@code scram_iteration_counter}) once, when a server context enabling it is made, so that a bad
     * value stops the start-up instead of every login.
     *
     * @throws ConfigException naming the file, line and key
     */
    default void checkOptions(SaslConfig config) throws ConfigException {
    }

    /** Starts a server exchange. */
    SaslServer createServer(ServerSession session) throws SaslException;

    /** Starts a client exchange. */
    SaslClient createClient(ClientSession session) throws SaslException;
}
