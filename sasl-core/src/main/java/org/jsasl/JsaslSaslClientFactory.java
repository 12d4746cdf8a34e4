package org.jsasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
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
        for (String name : mechanisms) {
            Optional<SaslMechanism> m = Mechanisms.find(name);
            if (m.isPresent() && !JsaslSaslServerFactory.DISABLED.contains(m.get().name()) && policy.permits(m.get())) {
                if (cbh == null) {
                    throw new SaslException(m.get().name() + " client needs a CallbackHandler for the name and password");
                }
                return m.get().createClient(new ClientSession(authorizationId, protocol, serverName, cbh));
            }
        }
        return null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        SecurityPolicy policy = SecurityPolicy.fromProperties(props);
        List<String> names = new ArrayList<>();
        for (SaslMechanism m : Mechanisms.installed()) {
            if (policy.permits(m)) {
                names.add(m.name());
            }
        }
        names.removeAll(JsaslSaslServerFactory.DISABLED);
        return names.toArray(new String[0]);
    }
}
