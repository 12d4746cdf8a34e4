package org.jsasl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.mech.ServerSession;
import org.jsasl.server.CallbackAuthenticator;
import org.jsasl.server.MechanismOffer;
import org.jsasl.server.SaslLog;
import org.jsasl.server.SecurityPolicy;
import org.jsasl.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes jsasl's SaslServers, choosing Cyrus mode (a configuration in {@link JsaslProperties#CONFIG})
 * or JDK mode (the CallbackHandler checks passwords). Returns null, as the contract asks, for a
 * mechanism it does not have or that the policy or {@code mech_list} excludes.
 */
final class JsaslSaslServerFactory implements SaslServerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(JsaslSaslServerFactory.class);
    private static final SaslLog JDK_MODE_LOG = SaslLog.of(JsaslSaslServerFactory.class, SaslLog.DEFAULT_LEVEL);

    @Override
    public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> props,
            CallbackHandler cbh) throws SaslException {
        Optional<SaslMechanism> found = Mechanisms.find(mechanism);
        // Sasl.createSaslServer applies jdk.sasl.disabledMechanisms itself; callers of the
        // factory from JsaslProvider.serverFactory() bypass it, so apply it here too.
        if (found.isEmpty() || DISABLED.contains(found.get().name())
                || !SecurityPolicy.fromProperties(props).permits(found.get())) {
            return null;
        }
        if (protocol == null || protocol.isEmpty()) {
            throw new SaslException("protocol (the SASL service name) is required");
        }
        SaslMechanism m = found.get();
        boolean initialResponse = initialResponse(props);
        ChannelBindings bindings = ChannelBindings.fromProperties(props, true);
        boolean external = externalIdentity(props);
        Map<String, ?> properties = props == null ? Map.of() : props;
        Object config = properties.get(JsaslProperties.CONFIG);
        ServerSession session;
        if (config != null) {
            ServerContext ctx = SharedContexts.resolve(config);
            if (!ctx.mechanisms().contains(m) || !MechanismOffer.availableOn(m, bindings, external)) {
                return null;
            }
            Object realm = properties.get(JsaslProperties.REALM);
            session = new ServerSession(protocol, serverName,
                    ctx.authenticator(protocol, serverName, realm == null ? null : realm.toString(), cbh,
                            clientAddress(properties)), ctx.log(),
                    initialResponse, properties, ctx.config(), bindings,
                    MechanismOffer.plusOffered(m, ctx.mechanisms(), bindings));
        } else {
            if (cbh == null) {
                throw new SaslException("a CallbackHandler is required (or set " + JsaslProperties.CONFIG
                        + " to check passwords from a Cyrus configuration)");
            }
            if (!MechanismOffer.availableOn(m, bindings, external)) {
                return null;
            }
            session = new ServerSession(protocol, serverName, new CallbackAuthenticator(cbh), JDK_MODE_LOG,
                    initialResponse, properties, SaslConfig.EMPTY, bindings,
                    MechanismOffer.plusOffered(m, Mechanisms.installed(), bindings));
        }
        return m.createServer(session);
    }

    /** Whether {@link JsaslProperties#EXTERNAL_IDENTITY} holds a non-empty String; another type is the caller's bug. */
    static boolean externalIdentity(Map<String, ?> props) throws SaslException {
        Object value = props == null ? null : props.get(JsaslProperties.EXTERNAL_IDENTITY);
        if (value == null) {
            return false;
        }
        if (!(value instanceof String s)) {
            throw new SaslException(JsaslProperties.EXTERNAL_IDENTITY + " must be a String");
        }
        return !s.isEmpty();
    }

    /**
     * {@link JsaslProperties#CLIENT_ADDRESS} as the text the throttle counts under (an IP address with
     * no port), or null; another type is the caller's bug.
     */
    static String clientAddress(Map<String, ?> props) throws SaslException {
        Object value = props.get(JsaslProperties.CLIENT_ADDRESS);
        if (value == null) {
            return null;
        }
        if (value instanceof InetSocketAddress isa) {
            value = isa.getAddress() != null ? isa.getAddress() : isa.getHostString();
        }
        if (value instanceof InetAddress ia) {
            return ia.getHostAddress();
        }
        if (!(value instanceof String s)) {
            throw new SaslException(JsaslProperties.CLIENT_ADDRESS
                    + " must be a String, an InetAddress or an InetSocketAddress");
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        // Bounded and case-folded, so that one address is one counter whatever its spelling's case.
        return t.isEmpty() ? null : t.substring(0, Math.min(t.length(), 64)).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@link JsaslProperties#INITIAL_RESPONSE}: a Boolean or its string, anything else is the caller's bug. */
    private static boolean initialResponse(Map<String, ?> props) throws SaslException {
        Object value = props == null ? null : props.get(JsaslProperties.INITIAL_RESPONSE);
        if (value == null || Boolean.FALSE.equals(value) || "false".equalsIgnoreCase(value.toString())) {
            return false;
        }
        if (Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(value.toString())) {
            return true;
        }
        throw new SaslException(JsaslProperties.INITIAL_RESPONSE + " must be true or false");
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        SecurityPolicy policy = SecurityPolicy.fromProperties(props);
        List<String> names = new ArrayList<>();
        Object config = props == null ? null : props.get(JsaslProperties.CONFIG);
        try {
            ChannelBindings bindings = ChannelBindings.fromProperties(props, true);
            boolean external = externalIdentity(props);
            if (config != null) {
                names.addAll(SharedContexts.resolve(config).mechanismNames(policy, bindings, external));
            } else {
                for (SaslMechanism m : Mechanisms.installed()) {
                    // Without a mech_list to name it, ANONYMOUS is never listed; createSaslServer
                    // still makes it for a caller that asks for it by name.
                    if (policy.permits(m) && !(m.needs() instanceof MechanismNeeds.NamedOnly)
                            && MechanismOffer.availableOn(m, bindings, external)) {
                        names.add(m.name());
                    }
                }
            }
        } catch (SaslException e) {
            LOG.error("cannot list mechanisms: {}", e.getMessage());
            return new String[0];
        }
        names.removeAll(DISABLED);
        return names.toArray(new String[0]);
    }

    /** Read once, as {@code javax.security.sasl.Sasl} reads it once. */
    static final List<String> DISABLED = disabledMechanisms();

    /** The {@code jdk.sasl.disabledMechanisms} security property. */
    private static List<String> disabledMechanisms() {
        String prop = Security.getProperty("jdk.sasl.disabledMechanisms");
        List<String> out = new ArrayList<>();
        if (prop != null) {
            for (String s : prop.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
