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
    private final Map<String, Object> props;
    private final String serverName;
    private final List<String> mechanisms;

    SaslSetup(MainCf cf, ServerContext context) {
        synchronized (SaslSetup.class) {
            if (Security.getProvider(JsaslProvider.NAME) == null) {
                Security.addProvider(new JsaslProvider());
            }
        }
        // Taken once: Sasl.createSaslServer would scan every provider on each AUTH.
        this.factory = JsaslProvider.serverFactory();
        this.serverName = cf.myhostname();
        Map<String, Object> p = new HashMap<>();
        p.put(JsaslProperties.CONFIG, context);
        if (!cf.saslLocalDomain().isEmpty()) {
            p.put(JsaslProperties.REALM, cf.saslLocalDomain());
        }
        // TLS is not offered, so smtpd_sasl_security_options is the one that applies.
        for (String option : cf.saslSecurityOptions()) {
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
                    throw new IllegalArgumentException("main.cf: unknown smtpd_sasl_security_options keyword " + option);
            }
        }
        this.props = Map.copyOf(p);
        this.mechanisms = List.of(factory.getMechanismNames(props));
    }

    /** The mechanisms to announce in EHLO, in smtpd.conf's mech_list order. */
    List<String> mechanisms() {
        return mechanisms;
    }

    /** Whether {@code name} is one of the announced mechanisms (case-insensitively, as RFC 4954 says). */
    String offered(String name) {
        for (String m : mechanisms) {
            if (m.equalsIgnoreCase(name)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A new server for one AUTH command.
     *
     * @return null when the mechanism is not available
     * @throws SaslException as {@code createSaslServer} throws it (SaslUnavailableException: 454)
     */
    SaslServer create(String mechanism) throws SaslException {
        return factory.createSaslServer(mechanism, "smtp", serverName, props, null);
    }
}
