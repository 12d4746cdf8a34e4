package org.jsasl.mech.login;

import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.PasswordMechanism;
import org.jsasl.mech.ServerSession;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login), still needed by Outlook-era clients though
 * Cyrus removed it after 2.1.28. Flags as Cyrus 2.1.28: NOANONYMOUS and PASS_CREDENTIALS.
 */
public final class LoginMechanism extends PasswordMechanism {

    /** The mechanism name. */
    public static final String NAME = "LOGIN";

    /** Offered after PLAIN when no {@code mech_list} orders them. */
    public LoginMechanism() {
        super(NAME, 20);
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
