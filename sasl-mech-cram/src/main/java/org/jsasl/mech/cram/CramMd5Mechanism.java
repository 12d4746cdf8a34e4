package org.jsasl.mech.cram;

import java.util.List;
import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.secret.CredentialKind;
import org.jsasl.server.SecurityFlag;

/**
 * The CRAM-MD5 mechanism (RFC 2195): the server challenges, the client answers with its name and an
 * HMAC-MD5 of the challenge keyed with the password. Flags as Cyrus: NOPLAINTEXT and NOANONYMOUS.
 * The server needs the cleartext password, so it is offered only where the backend can hand it out.
 */
public final class CramMd5Mechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "CRAM-MD5";

    private static final Set<SecurityFlag> FLAGS = Set.of(SecurityFlag.NOPLAINTEXT, SecurityFlag.NOANONYMOUS);
    private static final MechanismNeeds NEEDS = new MechanismNeeds.StoredCredential(List.of(CredentialKind.CLEARTEXT));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<SecurityFlag> securityFlags() {
        return FLAGS;
    }

    /** After SCRAM, which proves more and stores less; before PLAIN, which sends the password. */
    @Override
    public int rank() {
        return 8;
    }

    @Override
    public MechanismNeeds needs() {
        return NEEDS;
    }

    @Override
    public SaslServer createServer(ServerSession session) {
        return new CramMd5SaslServer(session, CramChallenge.next(session.serverName()));
    }

    @Override
    public SaslClient createClient(ClientSession session) {
        return new CramMd5SaslClient(session);
    }
}
