package org.jsasl.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jsasl.auxprop.AuxpropPluginFactory;
import org.jsasl.pwcheck.PasswordVerifierFactory;
import org.jsasl.throttle.ThrottleFactory;

/**
 * The password verifiers and property sources installed, by name, found once through
 * {@link ServiceLoader} as Cyrus finds its plugins in the plugin directory.
 */
public final class Plugins {

    private static final class Verifiers {
        static final Map<String, PasswordVerifierFactory> BY_NAME =
                load(PasswordVerifierFactory.class, PasswordVerifierFactory::name);
    }

    private static final class Auxprops {
        static final Map<String, AuxpropPluginFactory> BY_NAME =
                load(AuxpropPluginFactory.class, AuxpropPluginFactory::name);
    }

    private static final class Throttles {
        static final Map<String, ThrottleFactory> BY_NAME = load(ThrottleFactory.class, ThrottleFactory::name);
    }

    private Plugins() {
    }

    /** {@code pwcheck_method} name to factory, in discovery order. */
    public static Map<String, PasswordVerifierFactory> verifierFactories() {
        return Verifiers.BY_NAME;
    }

    /** {@code auxprop_plugin} name to factory, in discovery order. */
    public static Map<String, AuxpropPluginFactory> auxpropFactories() {
        return Auxprops.BY_NAME;
    }

    /** {@code jsasl_throttle} name to factory, in discovery order. */
    public static Map<String, ThrottleFactory> throttleFactories() {
        return Throttles.BY_NAME;
    }

    /** Lower-cased name to provider; the first provider of a name wins. */
    private static <F> Map<String, F> load(Class<F> type, Function<F, String> name) {
        Map<String, F> found = new LinkedHashMap<>();
        for (F f : ServiceLoader.load(type, Plugins.class.getClassLoader())) {
            found.putIfAbsent(name.apply(f).toLowerCase(Locale.ROOT), f);
        }
        return Collections.unmodifiableMap(found);
    }
}
