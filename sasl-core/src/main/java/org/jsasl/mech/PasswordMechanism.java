package org.jsasl.mech;

import java.util.Set;
import org.jsasl.server.SecurityFlag;

/**
 * A mechanism that sends the password itself (PLAIN, LOGIN): Cyrus gives such mechanisms the
 * flags NOANONYMOUS and PASS_CREDENTIALS, and no security layer.
 */
public abstract class PasswordMechanism implements SaslMechanism {

    private static final Set<SecurityFlag> FLAGS = Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.PASS_CREDENTIALS);

    private final String name;
    private final int rank;

    /**
     * @param name the IANA mechanism name
     * @param rank where it sorts without a {@code mech_list}
     */
    protected PasswordMechanism(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<SecurityFlag> securityFlags() {
        return FLAGS;
    }

    @Override
    public final int rank() {
        return rank;
    }
}
