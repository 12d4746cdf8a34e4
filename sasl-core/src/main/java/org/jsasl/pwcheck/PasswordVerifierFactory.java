package org.jsasl.pwcheck;

import org.jsasl.config.ConfigException;
import org.jsasl.server.PluginContext;

/**
 * Service-provider interface that makes a {@link PasswordVerifier} for one {@code pwcheck_method}
 * name; found through {@link java.util.ServiceLoader}.
 */
public interface PasswordVerifierFactory {

    /** The {@code pwcheck_method} name, lower case ({@code auxprop}, {@code authdaemond}, ...). */
    String name();

    /**
     * Makes the verifier from the configuration; it should not connect to anything yet.
     *
     * @throws ConfigException when its options are wrong
     */
    PasswordVerifier create(PluginContext context) throws ConfigException;
}
