package org.jsasl.pwcheck;

import org.jsasl.config.ConfigException;
import org.jsasl.server.PluginContext;

/** Makes the {@code auxprop} password verifier, Cyrus' default {@code pwcheck_method}. */
public final class AuxpropVerifierFactory implements PasswordVerifierFactory {

    @Override
    public String name() {
        return "auxprop";
    }

    @Override
    public PasswordVerifier create(PluginContext context) throws ConfigException {
        PasswordFormat format = PasswordFormat.of(context.config());
        if (context.auxprops().plugins().isEmpty()) {
            throw context.config().error("pwcheck_method", "'auxprop' needs a property source, but no auxprop plugin "
                    + "is configured (set auxprop_plugin and its options, e.g. sql_select)");
        }
        return new AuxpropVerifier(context.auxprops(), format, context.passwordUpgrade());
    }
}
