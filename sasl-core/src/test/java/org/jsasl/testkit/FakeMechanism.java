package org.jsasl.testkit;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.SecurityFlag;

/** A mechanism that only has a name and flags, for tests of mech_list and policies in sasl-core. */
public record FakeMechanism(String name, Set<SecurityFlag> securityFlags, boolean offersSecurityLayer)
        implements SaslMechanism {

    /** A mechanism with PLAIN's flags. */
    public static FakeMechanism plainLike(String name) {
        return new FakeMechanism(name, Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.PASS_CREDENTIALS), false);
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
