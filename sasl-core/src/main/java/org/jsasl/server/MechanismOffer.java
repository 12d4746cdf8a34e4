package org.jsasl.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.pwcheck.VerifierChain;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.CredentialSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which mechanisms can succeed, so that none is offered that every client would fail (Cyrus
 * offers CRAM-MD5 over a crypt table, where it never works). Once per server context: a mechanism
 * needing a stored credential is offered when the verifiers can hand one out for every user, or for
 * some users when {@code mech_list} names it; ANONYMOUS only when {@code mech_list} names it. Per
 * connection: {@code -PLUS} variants only with channel-binding data, EXTERNAL only with an external
 * identity.
 */
public final class MechanismOffer {

    private static final Logger LOG = LoggerFactory.getLogger(MechanismOffer.class);

    private MechanismOffer() {
    }

    /**
     * The mechanisms of {@code selected} (mech_list applied) that the verifiers can serve, in order;
     * why each other one is left out is logged once, as a warning when mech_list names it.
     */
    static List<SaslMechanism> servable(SaslConfig config, List<SaslMechanism> selected, VerifierChain verifiers) {
        List<SaslMechanism> out = new ArrayList<>();
        for (SaslMechanism m : selected) {
            boolean named = MechList.names(config, m);
            String why = whyNot(m, named, verifiers);
            if (why == null) {
                out.add(m);
                continue;
            }
            if (named) {
                LOG.warn("{}: mech_list names {}, but it is not offered: {}", where(config), m.name(), why);
            } else {
                LOG.info("{}: {} is not offered: {}", where(config), m.name(), why);
            }
        }
        return List.copyOf(out);
    }

    /** Null when {@code m} can be offered, else why not. */
    private static String whyNot(SaslMechanism m, boolean named, VerifierChain verifiers) {
        MechanismNeeds needs = m.needs();
        if (needs instanceof MechanismNeeds.NamedOnly) {
            return named ? null : "it is offered only when mech_list names it";
        }
        if (!(needs instanceof MechanismNeeds.StoredCredential stored)) {
            return null;
        }
        CredentialSupport best = CredentialSupport.NONE;
        for (CredentialKind kind : stored.anyOf()) {
            best = best.or(verifiers.credentialSupport(kind));
        }
        switch (best) {
            case ALL_USERS:
                return null;
            case SOME_USERS:
                if (named) {
                    LOG.info("{} is offered because mech_list names it; only users whose stored password is of a "
                            + "kind it can use ({}) can log in with it", m.name(), kinds(stored));
                    return null;
                }
                return "pwcheck_method " + verifiers.names() + " holds " + kinds(stored)
                        + " for some users only (name it in mech_list to offer it anyway)";
            default:
                return "pwcheck_method " + verifiers.names() + " can check a password but cannot hand out "
                        + kinds(stored) + ", which it needs (password_format cleartext, or stored SCRAM keys)";
        }
    }

    private static String kinds(MechanismNeeds.StoredCredential stored) {
        List<String> names = new ArrayList<>();
        for (CredentialKind k : stored.anyOf()) {
            names.add(k.scramHash().map(h -> h.mechanism() + " keys").orElse("a cleartext password"));
        }
        return String.join(" or ", names);
    }

    /**
     * Whether {@code m}, enabled and servable, can run on a connection with these facts: a
     * {@code -PLUS} variant needs channel-binding data, EXTERNAL an external identity.
     */
    public static boolean availableOn(SaslMechanism m, ChannelBindings bindings, boolean externalIdentity) {
        if (m.usesChannelBinding() && bindings.isEmpty()) {
            return false;
        }
        return !(m.needs() instanceof MechanismNeeds.ExternalIdentity) || externalIdentity;
    }

    /**
     * Whether the {@code -PLUS} variant of {@code m} is among {@code offered} and can run with
     * {@code bindings}: a client of {@code m} that says it could bind was then downgraded.
     */
    public static boolean plusOffered(SaslMechanism m, List<SaslMechanism> offered, ChannelBindings bindings) {
        if (m.usesChannelBinding() || bindings.isEmpty()) {
            return false;
        }
        return Mechanisms.find(offered, m.name().toUpperCase(Locale.ROOT) + "-PLUS").isPresent();
    }

    private static String where(SaslConfig config) {
        return config.source() == null ? "<configuration>" : config.source().toString();
    }
}
