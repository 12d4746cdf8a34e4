package org.jsasl.examples.smtpd;

import java.net.InetAddress;
import java.security.Security;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.server.ServerContext;

/**
 * The SASL side of the server, through the public API only: the properties main.cf implies
 * (smtpd.conf, realm, security options), the mechanisms to announce on each connection, and one
 * SaslServer per AUTH. After STARTTLS the offer is the connection's own: the TLS session gives
 * channel bindings (the {@code -PLUS} mechanisms) and a verified client certificate an EXTERNAL
 * identity.
 */
final class SaslSetup {

    private final SaslServerFactory factory;
    private final String serverName;
    private final Offer plain;
    private final Offer tls;

    /**
     * The properties and mechanisms of one connection state (plaintext, or one TLS session);
     * {@code propsWithInitialResponse} adds {@link JsaslProperties#INITIAL_RESPONSE} for an AUTH
     * command that carried one.
     */
    record Offer(Map<String, Object> props, Map<String, Object> propsWithInitialResponse,
            List<String> mechanisms) {

        /** Whether {@code name} is one of the announced mechanisms (case-insensitively, as RFC 4954 says). */
        String offered(String name) {
            for (String m : mechanisms) {
                if (m.equalsIgnoreCase(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    private final Map<String, Object> tlsBase;
    private final ServerContext context;
    private final TlsSetup tlsSetup;

    SaslSetup(MainCf cf, ServerContext context) {
        this(cf, context, null);
    }

    /** @param tlsSetup the STARTTLS side, for client certificates; null when TLS is off */
    SaslSetup(MainCf cf, ServerContext context, TlsSetup tlsSetup) {
        synchronized (SaslSetup.class) {
            if (Security.getProvider(JsaslProvider.NAME) == null) {
                Security.addProvider(new JsaslProvider());
            }
        }
        // Taken once: Sasl.createSaslServer would scan every provider on each AUTH.
        this.factory = JsaslProvider.serverFactory();
        this.context = context;
        this.serverName = cf.myhostname();
        Map<String, Object> base = new HashMap<>();
        base.put(JsaslProperties.CONFIG, context);
        if (!cf.saslLocalDomain().isEmpty()) {
            base.put(JsaslProperties.REALM, cf.saslLocalDomain());
        }
        // Postfix: smtpd_sasl_tls_security_options replaces the other once TLS is active.
        this.tlsSetup = tlsSetup;
        this.plain = offer(policy(base, cf.saslSecurityOptions(), "smtpd_sasl_security_options"));
        this.tlsBase = policy(base, cf.saslTlsSecurityOptions(), "smtpd_sasl_tls_security_options");
        this.tls = offer(tlsBase);
    }

    private static Map<String, Object> policy(Map<String, Object> base, List<String> options, String key) {
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
        return Map.copyOf(p);
    }

    private Offer offer(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        return new Offer(props, Map.copyOf(p), List.of(factory.getMechanismNames(props)));
    }

    /** The mechanisms to announce in EHLO without TLS, in smtpd.conf's mech_list order. */
    /** The configuration every server this setup makes checks passwords with. */
    ServerContext context() {
        return context;
    }

    List<String> mechanisms() {
        return plain.mechanisms();
    }

    /** The mechanisms to announce in EHLO with TLS but no session to bind to (no -PLUS, no EXTERNAL). */
    List<String> tlsMechanisms() {
        return tls.mechanisms();
    }

    /** The offer on a plaintext connection; the same for all of them. */
    Offer plaintext() {
        return plain;
    }

    /**
     * The offer on a connection after STARTTLS: {@code smtpd_sasl_tls_security_options}, the
     * session's channel bindings, and the client certificate's name for EXTERNAL when one was asked
     * for and verified. Worked out once per handshake.
     */
    Offer afterStartTls(SSLSession session) {
        Map<String, Object> p = new HashMap<>(tlsBase);
        p.put(JsaslProperties.TLS_SESSION, session);
        String identity = tlsSetup == null ? null : tlsSetup.clientIdentity(session);
        if (identity != null) {
            p.put(JsaslProperties.EXTERNAL_IDENTITY, identity);
        }
        return offer(Map.copyOf(p));
    }

    /**
     * A new server for one AUTH command.
     *
     * @param initialResponse whether the command carried an initial response (RFC 4954: {@code =} is
     *     an empty one, which the mechanism must see as such, not as none)
     * @param client the connection's remote address, which the throttle ({@code jsasl_throttle})
     *     counts failures under
     * @return null when the mechanism is not available
     * @throws SaslException as {@code createSaslServer} throws it (SaslUnavailableException: 454;
     *     SaslThrottledException: 454 with "too many failures")
     */
    SaslServer create(Offer offer, String mechanism, boolean initialResponse, InetAddress client)
            throws SaslException {
        Map<String, Object> props = new HashMap<>(initialResponse ? offer.propsWithInitialResponse() : offer.props());
        props.put(JsaslProperties.CLIENT_ADDRESS, client);
        return factory.createSaslServer(mechanism, "smtp", serverName, props, null);
    }
}
