package org.jsasl;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.sasl.SaslException;
import org.jsasl.config.ConfigException;
import org.jsasl.server.ServerContext;

/**
 * Server contexts made from the {@link JsaslProperties#CONFIG} property, one per configuration file
 * for the life of the JVM, so that every session of a server shares one pool however often it
 * names the file. Applications that want to close or reload one make their own
 * {@link ServerContext} and pass it instead.
 */
final class SharedContexts {

    private static final Map<Path, ServerContext> BY_FILE = new ConcurrentHashMap<>();

    private SharedContexts() {
    }

    /** The context that the property value names. */
    static ServerContext resolve(Object value) throws SaslException {
        if (value instanceof ServerContext ctx) {
            return ctx;
        }
        Path file;
        if (value instanceof Path p) {
            file = p;
        } else if (value instanceof String s && !s.isBlank()) {
            file = Path.of(s);
        } else {
            throw new SaslException(JsaslProperties.CONFIG + " must be a Path, a String or a ServerContext, not "
                    + value.getClass().getName());
        }
        Path key = file.toAbsolutePath().normalize();
        ServerContext ctx = BY_FILE.get(key);
        if (ctx != null && !ctx.isClosed()) {
            return ctx;
        }
        synchronized (BY_FILE) {
            ctx = BY_FILE.get(key);
            if (ctx == null || ctx.isClosed()) {
                try {
                    ctx = ServerContext.load(key);
                } catch (ConfigException e) {
                    throw new SaslException("jsasl configuration error: " + e.getMessage(), e);
                }
                BY_FILE.put(key, ctx);
            }
            return ctx;
        }
    }
}
