package org.jsasl.testkit;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.SecurityFlag;

/**
 * A mechanism that only has a name, flags and needs, for tests of mech_list, policies and what a
 * server offers in sasl-core.
 */
public record FakeMechanism(String name, Set<SecurityFlag> securityFlags, boolean offersSecurityLayer,
        MechanismNeeds needs, boolean usesChannelBinding) implements SaslMechanism {

    /** A password-check mechanism without channel binding. */
    public FakeMechanism(String name, Set<SecurityFlag> securityFlags, boolean offersSecurityLayer) {
        this(name, securityFlags, offersSecurityLayer, MechanismNeeds.PASSWORD_CHECK, false);
    }

    /** A mechanism with PLAIN's flags. */
    public static FakeMechanism plainLike(String name) {
        return new FakeMechanism(name, Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.PASS_CREDENTIALS), false);
    }

    /** A mechanism with {@code needs}, and CRAM-MD5's flags. */
    public static FakeMechanism needing(String name, MechanismNeeds needs, boolean channelBinding) {
        return new FakeMechanism(name, Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.NOPLAINTEXT), false, needs,
                channelBinding);
    }

    @Override
    public SaslServer createServer(ServerSession session) throws SaslException {
        throw new SaslException("fake");
    }

    @Override
    public SaslClient createClient(ClientSession session) throws SaslException {
        throw new SaslException("fake");
    }
}
