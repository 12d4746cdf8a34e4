package org.jsasl.mech.login;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.SecurityFlag;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login), still needed by Outlook-era clients though
 * Cyrus removed it after 2.1.28. Flags as Cyrus 2.1.28: NOANONYMOUS and PASS_CREDENTIALS.
 */
public final class LoginMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "LOGIN";

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
        return 20;
    }

    @Override
    public SaslServer createServer(ServerSession session) {
        return new LoginSaslServer(session);
    }

    @Override
    public SaslClient createClient(ClientSession session) {
        return new LoginSaslClient(session);
    }
}
