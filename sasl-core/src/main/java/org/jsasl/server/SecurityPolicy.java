package org.jsasl.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.security.sasl.Sasl;
import org.jsasl.mech.SaslMechanism;

/**
 * What a caller requires of a mechanism: the security flags it must have, and whether a security
 * layer (integrity or privacy) is required. Built from {@code Sasl.createSaslServer} properties,
 * accepting {@code "true"} and {@code Boolean.TRUE} alike (the JDK's own factories throw
 * ClassCastException on the latter, and Elytron ignores it).
 *
 * @param required flags every offered mechanism must have
 * @param securityLayerRequired true when {@link Sasl#QOP} does not allow {@code auth} alone
 */
public record SecurityPolicy(Set<SecurityFlag> required, boolean securityLayerRequired) {

    /** No requirement at all. */
    public static final SecurityPolicy NONE = new SecurityPolicy(Set.of(), false);

    public SecurityPolicy {
        required = required.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(required));
    }

    /** Reads the {@code Sasl.POLICY_*} and {@code Sasl.QOP} properties; null means no requirement. */
    public static SecurityPolicy fromProperties(Map<String, ?> props) {
        if (props == null || props.isEmpty()) {
            return NONE;
        }
        EnumSet<SecurityFlag> flags = EnumSet.noneOf(SecurityFlag.class);
        for (SecurityFlag f : SecurityFlag.values()) {
            if (f.policyProperty() != null && isTrue(props.get(f.policyProperty()))) {
                flags.add(f);
            }
        }
        Object qop = props.get(Sasl.QOP);
        boolean layer = false;
        if (qop != null) {
            layer = true;
            for (String q : String.valueOf(qop).split(",")) {
                if (q.trim().equalsIgnoreCase("auth")) {
                    layer = false;
                }
            }
        }
        return new SecurityPolicy(flags, layer);
    }

    /**
     * Parses a comma- or space-separated list of Cyrus/Postfix keywords such as
     * {@code noanonymous,noplaintext}; {@code noplaintext}, {@code noactive}, {@code nodictionary},
     * {@code forward_secrecy}, {@code noanonymous}, {@code pass_credentials}, {@code mutual_auth}.
     *
     * @throws IllegalArgumentException naming an unknown keyword
     */
    public static SecurityPolicy parse(String keywords) {
        EnumSet<SecurityFlag> flags = EnumSet.noneOf(SecurityFlag.class);
        for (String word : keywords.split("[,\\s]+")) {
            if (word.isEmpty()) {
                continue;
            }
            try {
                flags.add(SecurityFlag.valueOf(word.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown security option '" + word + "'", e);
            }
        }
        return new SecurityPolicy(flags, false);
    }

    /** Whether {@code mechanism} satisfies this policy. */
    public boolean permits(SaslMechanism mechanism) {
        if (securityLayerRequired && !mechanism.offersSecurityLayer()) {
            return false;
        }
        return mechanism.securityFlags().containsAll(required);
    }

    private static boolean isTrue(Object value) {
        return value != null && String.valueOf(value).trim().equalsIgnoreCase("true");
    }
}
