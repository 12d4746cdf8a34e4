package org.jsasl.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.jsasl.auxprop.AuxpropPluginFactory;
import org.jsasl.pwcheck.PasswordVerifierFactory;

/**
 * The password verifiers and property sources installed, by name, found once through
 * {@link ServiceLoader} as Cyrus finds its plugins in the plugin directory.
 */
public final class Plugins {

    private static volatile Map<String, PasswordVerifierFactory> verifiers;
    private static volatile Map<String, AuxpropPluginFactory> auxprops;

    private Plugins() {
    }

    /** {@code pwcheck_method} name to factory. */
    public static Map<String, PasswordVerifierFactory> verifierFactories() {
        Map<String, PasswordVerifierFactory> m = verifiers;
        if (m == null) {
            Map<String, PasswordVerifierFactory> found = new LinkedHashMap<>();
            for (PasswordVerifierFactory f : ServiceLoader.load(PasswordVerifierFactory.class,
                    Plugins.class.getClassLoader())) {
                found.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
            }
            m = Map.copyOf(found);
            verifiers = m;
        }
        return m;
    }

    /** {@code auxprop_plugin} name to factory, in discovery order. */
    public static Map<String, AuxpropPluginFactory> auxpropFactories() {
        Map<String, AuxpropPluginFactory> m = auxprops;
        if (m == null) {
            Map<String, AuxpropPluginFactory> found = new LinkedHashMap<>();
            for (AuxpropPluginFactory f : ServiceLoader.load(AuxpropPluginFactory.class,
                    Plugins.class.getClassLoader())) {
                found.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
            }
            m = java.util.Collections.unmodifiableMap(found);
            auxprops = m;
        }
        return m;
    }
}
