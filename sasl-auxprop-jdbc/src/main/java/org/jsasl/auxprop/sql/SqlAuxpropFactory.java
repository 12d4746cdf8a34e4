package org.jsasl.auxprop.sql;

import java.util.Optional;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.AuxpropPluginFactory;
import org.jsasl.config.ConfigException;
import org.jsasl.server.PluginContext;

/**
 * Makes the {@code sql} auxprop from the {@code sql_*} options; absent without {@code sql_select},
 * as Cyrus skips its sql plugin then. It connects to nothing until the first lookup.
 */
public final class SqlAuxpropFactory implements AuxpropPluginFactory {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Optional<AuxpropPlugin> create(PluginContext context) throws ConfigException {
        return SqlSettings.from(context.config()).map(s -> new SqlAuxprop(s, context.log()));
    }
}
