package org.jsasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.SecurityPolicy;

/** Makes jsasl's SaslClients: the first of the requested mechanisms that jsasl has and the policy permits. */
final class JsaslSaslClientFactory implements SaslClientFactory {

    @Override
    public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
            String serverName, Map<String, ?> props, CallbackHandler cbh) throws SaslException {
        SecurityPolicy policy = SecurityPolicy.fromProperties(props);
        ChannelBindings bindings = ChannelBindings.fromProperties(props, false);
        for (String name : mechanisms) {
            Optional<SaslMechanism> m = Mechanisms.find(name);
            if (m.isPresent() && !JsaslSaslServerFactory.DISABLED.contains(m.get().name()) && policy.permits(m.get())
                    && (!m.get().usesChannelBinding() || !bindings.isEmpty())) {
                if (cbh == null) {
                    throw new SaslException(m.get().name() + " client needs a CallbackHandler for the name and password");
                }
                return m.get().createClient(new ClientSession(authorizationId, protocol, serverName, cbh,
                        props == null ? Map.of() : props, bindings));
            }
        }
        return null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        SecurityPolicy policy = SecurityPolicy.fromProperties(props);
        boolean bound;
        try {
            bound = !ChannelBindings.fromProperties(props, false).isEmpty();
        } catch (SaslException e) {
            bound = false;
        }
        List<String> names = new ArrayList<>();
        for (SaslMechanism m : Mechanisms.installed()) {
            if (policy.permits(m) && (bound || !m.usesChannelBinding())) {
                names.add(m.name());
            }
        }
        names.removeAll(JsaslSaslServerFactory.DISABLED);
        return names.toArray(new String[0]);
    }
}
