package org.jsasl.throttle;

import org.jsasl.config.ConfigException;
import org.jsasl.server.PluginContext;

/**
 * Makes the {@link Throttle} a {@code jsasl_throttle} value names; found through
 * {@link java.util.ServiceLoader} (register in
 * {@code META-INF/services/org.jsasl.throttle.ThrottleFactory}).
 */
public interface ThrottleFactory {

    /** The {@code jsasl_throttle} value that selects this throttle ({@code local}, {@code redis}). */
    String name();

    /**
     * Makes the throttle.
     *
     * @param context the configuration and log of the server context being built
     * @param limits the limits and window already read from the configuration
     * @throws ConfigException naming the file, line and key of a wrong option
     */
    Throttle create(PluginContext context, ThrottleLimits limits) throws ConfigException;
}
