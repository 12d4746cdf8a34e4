package org.jsasl.server;

import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.config.SaslConfig;
import org.jsasl.pwcheck.PasswordUpgrade;

/**
 * What a verifier or property source gets when a server context makes it: the configuration, the
 * log filtered by {@code log_level}, and the property sources already made.
 *
 * @param config the configuration, read once
 * @param log the context's log
 * @param auxprops the property sources ({@link AuxpropChain#EMPTY} while they are being made)
 * @param passwordUpgrade the context's password upgrade on login ({@link PasswordUpgrade#OFF} unless
 *     {@code jsasl_rehash_on_login} is set), for the verifier that compares stored hashes
 */
public record PluginContext(SaslConfig config, SaslLog log, AuxpropChain auxprops, PasswordUpgrade passwordUpgrade) {

    /** A context without password upgrade. */
    public PluginContext(SaslConfig config, SaslLog log, AuxpropChain auxprops) {
        this(config, log, auxprops, PasswordUpgrade.OFF);
    }
}
