package org.jsasl.mech.external;

import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.SecurityFlag;

/**
 * The EXTERNAL mechanism (RFC 4422 appendix A): the client was authenticated outside SASL (a TLS
 * client certificate, a UNIX socket's peer) and only names the identity it wants to act as. Flags as
 * Cyrus' {@code lib/external.c}: NOPLAINTEXT, NOANONYMOUS and NODICTIONARY. Offered only when the
 * application passes the identity in {@link JsaslProperties#EXTERNAL_IDENTITY}.
 */
public final class ExternalMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "EXTERNAL";

    private static final Set<SecurityFlag> FLAGS =
            Set.of(SecurityFlag.NOPLAINTEXT, SecurityFlag.NOANONYMOUS, SecurityFlag.NODICTIONARY);
    private static final MechanismNeeds NEEDS = new MechanismNeeds.ExternalIdentity();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<SecurityFlag> securityFlags() {
        return FLAGS;
    }

    /**
     * After SCRAM, which also authenticates the server, and before CRAM-MD5, as Cyrus orders them by
     * their flags; offered only where the application established an identity anyway.
     */
    @Override
    public int rank() {
        return 7;
    }

    @Override
    public MechanismNeeds needs() {
        return NEEDS;
    }

    /** @throws SaslException when the session carries no external identity */
    @Override
    public SaslServer createServer(ServerSession session) throws SaslException {
        Object identity = session.properties().get(JsaslProperties.EXTERNAL_IDENTITY);
        if (identity != null && !(identity instanceof String)) {
            throw new SaslException(JsaslProperties.EXTERNAL_IDENTITY + " must be a String");
        }
        String s = (String) identity;
        if (s == null || s.isEmpty()) {
            // The factory offers EXTERNAL only with an identity; this guards direct callers.
            throw new SaslException("EXTERNAL: no external identity (" + JsaslProperties.EXTERNAL_IDENTITY
                    + " is not set)");
        }
        return new ExternalSaslServer(session, s);
    }

    /** @throws SaslException when the authorization identity cannot be sent */
    @Override
    public SaslClient createClient(ClientSession session) throws SaslException {
        return new ExternalSaslClient(session);
    }
}
