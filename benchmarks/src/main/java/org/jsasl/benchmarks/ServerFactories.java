package org.jsasl.benchmarks;

import java.util.Enumeration;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServerFactory;

/**
 * Finds one implementation's {@link SaslServerFactory} among the installed providers, once per
 * benchmark set-up, so that the measured rows call it directly and none pays the JDK's lookup.
 */
final class ServerFactories {

    private ServerFactories() {
    }

    /** The first installed factory whose class is in {@code packageName} (org.jsasl, com.sun.security.sasl, ...). */
    static SaslServerFactory inPackage(String packageName) {
        Enumeration<SaslServerFactory> factories = Sasl.getSaslServerFactories();
        while (factories.hasMoreElements()) {
            SaslServerFactory f = factories.nextElement();
            if (f.getClass().getPackageName().equals(packageName)) {
                return f;
            }
        }
        throw new IllegalStateException("no SaslServerFactory of package " + packageName
                + " among Sasl.getSaslServerFactories()");
    }
}
