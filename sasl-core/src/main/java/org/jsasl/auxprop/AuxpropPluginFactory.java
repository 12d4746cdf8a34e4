package org.jsasl.auxprop;

import java.util.Optional;
import org.jsasl.config.ConfigException;
import org.jsasl.server.PluginContext;

/**
 * Service-provider interface that makes an {@link AuxpropPlugin} by name; found through
 * {@link java.util.ServiceLoader}.
 */
public interface AuxpropPluginFactory {

    /** The name {@code auxprop_plugin} uses ({@code sql}, ...), lower case. */
    String name();

    /**
     * Makes the plugin, or returns empty when the configuration does not set it up at all (as Cyrus
     * skips a sql plugin without {@code sql_select}).
     *
     * @throws ConfigException when it is set up wrongly
     */
    Optional<AuxpropPlugin> create(PluginContext context) throws ConfigException;
}
