package org.jsasl.mech.plain;

import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.PasswordMechanism;
import org.jsasl.mech.ServerSession;

/**
 * The PLAIN mechanism (RFC 4616). Like Cyrus it satisfies NOANONYMOUS and PASS_CREDENTIALS (the
 * server receives the password itself); the JDK and Elytron treat PLAIN as not passing credentials.
 */
public final class PlainMechanism extends PasswordMechanism {

    /** The mechanism name. */
    public static final String NAME = "PLAIN";

    /** Offered before LOGIN when no {@code mech_list} orders them. */
    public PlainMechanism() {
        super(NAME, 10);
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
