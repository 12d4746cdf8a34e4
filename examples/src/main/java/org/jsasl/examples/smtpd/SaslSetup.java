package org.jsasl.examples.smtpd;

import java.security.Security;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.server.ServerContext;

/**
 * The SASL side of the server, through the public API only: the properties main.cf implies
 * (smtpd.conf, realm, security options), the mechanisms to announce, and one SaslServer per AUTH.
 */
final class SaslSetup {

    private final SaslServerFactory factory;
    private final String serverName;
    private final Policy plain;
    private final Policy tls;

    /**
     * The properties and mechanisms of one set of security options; {@code propsWithInitialResponse}
     * adds {@link JsaslProperties#INITIAL_RESPONSE} for an AUTH command that carried one.
     */
    private record Policy(Map<String, Object> props, Map<String, Object> propsWithInitialResponse,
            List<String> mechanisms) {
    }

    SaslSetup(MainCf cf, ServerContext context) {
        synchronized (SaslSetup.class) {
            if (Security.getProvider(JsaslProvider.NAME) == null) {
                Security.addProvider(new JsaslProvider());
            }
        }
        // Taken once: Sasl.createSaslServer would scan every provider on each AUTH.
        this.factory = JsaslProvider.serverFactory();
        this.serverName = cf.myhostname();
        Map<String, Object> base = new HashMap<>();
        base.put(JsaslProperties.CONFIG, context);
        if (!cf.saslLocalDomain().isEmpty()) {
            base.put(JsaslProperties.REALM, cf.saslLocalDomain());
        }
        // Postfix: smtpd_sasl_tls_security_options replaces the other once TLS is active.
        this.plain = policy(base, cf.saslSecurityOptions(), "smtpd_sasl_security_options");
        this.tls = policy(base, cf.saslTlsSecurityOptions(), "smtpd_sasl_tls_security_options");
    }

    private Policy policy(Map<String, Object> base, List<String> options, String key) {
        Map<String, Object> p = new HashMap<>(base);
        for (String option : options) {
            switch (option.toLowerCase(Locale.ROOT)) {
                case "noanonymous":
                    p.put(Sasl.POLICY_NOANONYMOUS, "true");
                    break;
                case "noplaintext":
                    p.put(Sasl.POLICY_NOPLAINTEXT, "true");
                    break;
                case "noactive":
                    p.put(Sasl.POLICY_NOACTIVE, "true");
                    break;
                case "nodictionary":
                    p.put(Sasl.POLICY_NODICTIONARY, "true");
                    break;
                case "forward_secrecy":
                    p.put(Sasl.POLICY_FORWARD_SECRECY, "true");
                    break;
                case "mutual_auth":
                    p.put(Sasl.SERVER_AUTH, "true");
                    break;
                default:
                    throw new IllegalArgumentException("main.cf: unknown " + key + " keyword " + option);
            }
        }
        Map<String, Object> props = Map.copyOf(p);
        p.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        return new Policy(props, Map.copyOf(p), List.of(factory.getMechanismNames(props)));
    }

    /** The mechanisms to announce in EHLO without TLS, in smtpd.conf's mech_list order. */
    List<String> mechanisms() {
        return mechanisms(false);
    }

    /** The mechanisms to announce in EHLO with TLS active or not. */
    List<String> mechanisms(boolean tlsActive) {
        return (tlsActive ? tls : plain).mechanisms();
    }

    /** Whether {@code name} is one of the announced mechanisms (case-insensitively, as RFC 4954 says). */
    String offered(String name, boolean tlsActive) {
        for (String m : mechanisms(tlsActive)) {
            if (m.equalsIgnoreCase(name)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A new server for one AUTH command.
     *
     * @param initialResponse whether the command carried an initial response (RFC 4954: {@code =} is
     *     an empty one, which the mechanism must see as such, not as none)
     * @return null when the mechanism is not available
     * @throws SaslException as {@code createSaslServer} throws it (SaslUnavailableException: 454)
     */
    SaslServer create(String mechanism, boolean tlsActive, boolean initialResponse) throws SaslException {
        Policy policy = tlsActive ? tls : plain;
        return factory.createSaslServer(mechanism, "smtp", serverName,
                initialResponse ? policy.propsWithInitialResponse() : policy.props(), null);
    }
}
