package org.jsasl.mech.anonymous;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.SecurityFlag;

/**
 * The ANONYMOUS mechanism (RFC 4505): the client sends only a trace token (an e-mail address or any
 * short text) and logs in as {@code anonymous}. Flags as Cyrus' {@code lib/anonymous.c}: NOPLAINTEXT
 * only, so the {@code noanonymous} policy removes it; offered only where {@code mech_list} names it.
 */
public final class AnonymousMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "ANONYMOUS";

    private static final Set<SecurityFlag> FLAGS = Set.of(SecurityFlag.NOPLAINTEXT);
    private static final MechanismNeeds NEEDS = new MechanismNeeds.NamedOnly();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<SecurityFlag> securityFlags() {
        return FLAGS;
    }

    /** Last: it authenticates no one, so any other mechanism the client has should win. */
    @Override
    public int rank() {
        return 90;
    }

    @Override
    public MechanismNeeds needs() {
        return NEEDS;
    }

    @Override
    public SaslServer createServer(ServerSession session) {
        return new AnonymousSaslServer(session);
    }

    @Override
    public SaslClient createClient(ClientSession session) {
        return new AnonymousSaslClient(session);
    }
}
