package org.jsasl.server;

import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.config.SaslConfig;

/**
 * What a verifier or property source gets when a server context makes it: the configuration, the
 * log filtered by {@code log_level}, and the property sources already made.
 *
 * @param config the configuration, read once
 * @param log the context's log
 * @param auxprops the property sources ({@link AuxpropChain#EMPTY} while they are being made)
 */
public record PluginContext(SaslConfig config, SaslLog log, AuxpropChain auxprops) {
}
