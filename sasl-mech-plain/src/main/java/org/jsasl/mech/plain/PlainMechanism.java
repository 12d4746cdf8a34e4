package org.jsasl.mech.plain;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.SecurityFlag;

/**
 * The PLAIN mechanism (RFC 4616). Like Cyrus it satisfies NOANONYMOUS and PASS_CREDENTIALS (the
 * server receives the password itself); the JDK and Elytron treat PLAIN as not passing credentials.
 */
public final class PlainMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "PLAIN";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<SecurityFlag> securityFlags() {
        return Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.PASS_CREDENTIALS);
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public SaslServer createServer(ServerSession session) {
        return new PlainSaslServer(session);
    }

    @Override
    public SaslClient createClient(ClientSession session) {
        return new PlainSaslClient(session);
    }
}
