package org.jsasl.pwcheck.saslauthd;

import org.jsasl.config.ConfigException;
import org.jsasl.pwcheck.PasswordVerifier;
import org.jsasl.pwcheck.PasswordVerifierFactory;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.server.PluginContext;

/**
 * Makes the {@code saslauthd} verifier from {@code saslauthd_path} (the whole socket path,
 * {@code .../mux}; relative to the config file's directory) and the {@code saslauthd_*_timeout}
 * options. Without {@code saslauthd_path}: {@value #DEFAULT_PATH}, Debian's.
 */
public final class SaslauthdVerifierFactory implements PasswordVerifierFactory {

    /** Debian's saslauthd socket. */
    public static final String DEFAULT_PATH = "/var/run/saslauthd/mux";

    @Override
    public String name() {
        return "saslauthd";
    }

    @Override
    public PasswordVerifier create(PluginContext context) throws ConfigException {
        return new SaslauthdVerifier(context.config().resolvePath(context.config().get("saslauthd_path", DEFAULT_PATH)),
                DaemonTimeouts.from(context.config(), "saslauthd"));
    }
}
