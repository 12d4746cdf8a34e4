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
        AuxpropVerifier.StoredPasswordMatcher matcher = switch (format) {
            case CLEARTEXT -> AuxpropVerifier.StoredPasswordMatcher.CLEARTEXT;
            case CRYPT, CRYPT_TRAD -> throw context.config().error(PasswordFormat.KEY,
                    "'" + format.name().toLowerCase(java.util.Locale.ROOT) + "' is not supported by this build");
        };
        return new AuxpropVerifier(context.auxprops(), matcher);
    }
}
