package org.jsasl.authd;

import org.jsasl.config.ConfigException;
import org.jsasl.server.ServerContext;

/** Makes a fresh {@link ServerContext} from the daemon's configuration file, at start and at each reload. */
@FunctionalInterface
public interface ContextLoader {

    /** @throws ConfigException naming the file, line and key; a reload that fails keeps the old one */
    ServerContext load() throws ConfigException;
}
