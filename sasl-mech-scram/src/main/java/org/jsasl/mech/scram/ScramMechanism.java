package org.jsasl.mech.scram;

import java.util.List;
import java.util.Set;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.server.SecurityFlag;

/**
 * The SCRAM family (RFC 5802, RFC 7677, draft-melnikov-scram-sha-512): one mechanism per hash, each
 * with a {@code -PLUS} variant that binds to the TLS channel. The server needs the user's stored SCRAM
 * keys of that hash or the cleartext password; flags as Cyrus: NOPLAINTEXT, NOACTIVE, NOANONYMOUS and
 * MUTUAL_AUTH. Each variant is a nested class so that {@link java.util.ServiceLoader} finds it.
 */
public abstract class ScramMechanism implements SaslMechanism {

    /** The smtpd.conf option (Cyrus' name) for the iteration count of keys derived from cleartext. */
    public static final String ITERATION_OPTION = "scram_iteration_counter";
    /** Its default, Cyrus' and RFC 7677's. */
    public static final int DEFAULT_ITERATIONS = 4096;

    private static final Set<SecurityFlag> FLAGS = Set.of(SecurityFlag.NOPLAINTEXT, SecurityFlag.NOACTIVE,
            SecurityFlag.NOANONYMOUS, SecurityFlag.MUTUAL_AUTH);

    private final ScramHash hash;
    private final boolean plus;
    /** Made once: the factory compares every installed mechanism's name on each server it creates. */
    private final String name;
    private final int rank;
    private final MechanismNeeds needs;

    ScramMechanism(ScramHash hash, boolean plus, int rank) {
        this.hash = hash;
        this.plus = plus;
        this.name = hash.mechanism() + (plus ? "-PLUS" : "");
        this.rank = rank;
        this.needs = new MechanismNeeds.StoredCredential(List.of(CredentialKind.scram(hash)));
    }

    /** The hash this mechanism uses. */
    public final ScramHash hash() {
        return hash;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<SecurityFlag> securityFlags() {
        return FLAGS;
    }

    /** Before CRAM-MD5 (8): the -PLUS variants first, then the longer hashes. */
    @Override
    public final int rank() {
        return rank;
    }

    @Override
    public final MechanismNeeds needs() {
        return needs;
    }

    @Override
    public final boolean usesChannelBinding() {
        return plus;
    }

    @Override
    public final void checkOptions(SaslConfig config) throws ConfigException {
        iterations(config);
    }

    private static int iterations(SaslConfig config) throws ConfigException {
        return config.integer(ITERATION_OPTION, DEFAULT_ITERATIONS, DEFAULT_ITERATIONS, ScramSecret.MAX_ITERATIONS);
    }

    @Override
    public final SaslServer createServer(ServerSession session) throws SaslException {
        int iterations;
        try {
            iterations = iterations(session.options());
        } catch (ConfigException e) {
            // Checked when the server context was made; only a hand-made ServerSession gets here.
            throw new SaslException(name() + ": " + e.getMessage(), e);
        }
        return new ScramSaslServer(session, hash, plus, iterations);
    }

    @Override
    public final SaslClient createClient(ClientSession session) throws SaslException {
        return new ScramSaslClient(session, hash, plus);
    }

    /** SCRAM-SHA-1 (RFC 5802). */
    public static final class Sha1 extends ScramMechanism {
        public Sha1() {
            super(ScramHash.SHA_1, false, 6);
        }
    }

    /** SCRAM-SHA-1-PLUS (RFC 5802). */
    public static final class Sha1Plus extends ScramMechanism {
        public Sha1Plus() {
            super(ScramHash.SHA_1, true, 3);
        }
    }

    /** SCRAM-SHA-256 (RFC 7677). */
    public static final class Sha256 extends ScramMechanism {
        public Sha256() {
            super(ScramHash.SHA_256, false, 5);
        }
    }

    /** SCRAM-SHA-256-PLUS (RFC 7677). */
    public static final class Sha256Plus extends ScramMechanism {
        public Sha256Plus() {
            super(ScramHash.SHA_256, true, 2);
        }
    }

    /** SCRAM-SHA-512 (draft-melnikov-scram-sha-512). */
    public static final class Sha512 extends ScramMechanism {
        public Sha512() {
            super(ScramHash.SHA_512, false, 4);
        }
    }

    /** SCRAM-SHA-512-PLUS (draft-melnikov-scram-sha-512). */
    public static final class Sha512Plus extends ScramMechanism {
        public Sha512Plus() {
            super(ScramHash.SHA_512, true, 1);
        }
    }
}
