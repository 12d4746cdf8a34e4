package org.jsasl;

import java.util.List;
import java.util.Map;
import java.security.Provider;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;

/**
 * The JCA provider {@code JSASL}: offers a {@code SaslServerFactory} and a {@code SaslClientFactory}
 * for every jsasl mechanism module on the class path. Register it with
 * {@code Security.addProvider(new JsaslProvider())}, with
 * {@code security.provider.N=org.jsasl.JsaslProvider} (or {@code =JSASL}, found through
 * {@code META-INF/services/java.security.Provider}), then use
 * {@link javax.security.sasl.Sasl#createSaslServer}.
 */
public final class JsaslProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The provider's name. */
    public static final String NAME = "JSASL";

    /** Registers the installed mechanisms' factories. */
    public JsaslProvider() {
        super(NAME, "0.1", "jsasl: Cyrus SASL compatible server (and client) mechanisms: "
                + names(Mechanisms.installed()));
        JsaslSaslServerFactory server = new JsaslSaslServerFactory();
        JsaslSaslClientFactory client = new JsaslSaslClientFactory();
        for (SaslMechanism m : Mechanisms.installed()) {
            putService(new FactoryService(this, "SaslServerFactory", m.name(), server));
            putService(new FactoryService(this, "SaslClientFactory", m.name(), client));
        }
    }

    private static String names(List<SaslMechanism> mechanisms) {
        StringBuilder sb = new StringBuilder();
        for (SaslMechanism m : mechanisms) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.name());
        }
        return sb.toString();
    }

    /** A service that hands out one shared factory instead of instantiating a class by reflection. */
    private static final class FactoryService extends Service {
        private final Object factory;

        FactoryService(Provider provider, String type, String mechanism, Object factory) {
            super(provider, type, mechanism, factory.getClass().getName(), List.of(), Map.of());
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return factory;
        }
    }
}
