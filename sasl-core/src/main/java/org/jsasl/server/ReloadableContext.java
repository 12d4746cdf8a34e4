package org.jsasl.server;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jsasl.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ServerContext} that can be rebuilt from its file and swapped while sessions run, for a
 * server's SIGHUP: each session (or exchange) holds a {@link Lease} on the context it started with
 * and finishes on it; new leases get the new one; an old context is closed (its pools with it) when
 * its last lease is released. A file that no longer loads keeps the running context, and says why.
 */
public final class ReloadableContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableContext.class);

    /** Builds a fresh context, typically {@code () -> ServerContext.load(file)}. */
    @FunctionalInterface
    public interface Loader {
        ServerContext load() throws ConfigException;
    }

    /** A context in use: close the lease (not the context) when the session or exchange is done. */
    public static final class Lease implements AutoCloseable {
        private final Generation generation;
        private boolean released;

        private Lease(Generation generation) {
            this.generation = generation;
        }

        /** The context this lease holds open. */
        public ServerContext context() {
            return generation.context;
        }

        /** Releases the context; the last release of a replaced one closes it. Idempotent. */
        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                generation.release();
            }
        }
    }

    /** One loaded context and how many leases it has; the current one holds one lease of its own. */
    private static final class Generation {
        final ServerContext context;
        // Starts at 1: the reference "being current" counts as a lease until the context is replaced.
        private final AtomicInteger leases = new AtomicInteger(1);
        private final boolean closesContext;

        Generation(ServerContext context) {
            this(context, true);
        }

        private Generation(ServerContext context, boolean closesContext) {
            this.context = context;
            this.closesContext = closesContext;
        }

        /** Adds a lease unless the context was already closed. */
        boolean retain() {
            while (true) {
                int n = leases.get();
                if (n == 0) {
                    return false;
                }
                if (leases.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (leases.decrementAndGet() == 0 && closesContext) {
                context.close();
            }
        }
    }

    private final Loader loader;
    private final AtomicReference<Generation> current;
    private volatile boolean closed;

    /**
     * @param initial the context to serve first (taken over: closed by this object in the end)
     * @param loader how {@link #reload()} builds the next one
     */
    public ReloadableContext(ServerContext initial, Loader loader) {
        this.current = new AtomicReference<>(new Generation(Objects.requireNonNull(initial, "initial")));
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** A context reloaded only with {@link #reload(Loader)}, by an owner that knows how to load it. */
    public ReloadableContext(ServerContext initial) {
        this.current = new AtomicReference<>(new Generation(Objects.requireNonNull(initial, "initial")));
        this.loader = null;
    }

    /** Loads the first context with {@code loader} too. */
    public static ReloadableContext load(Loader loader) throws ConfigException {
        return new ReloadableContext(loader.load(), loader);
    }

    /** A lease on the current context; after {@link #close()} a lease on a closed context. */
    public Lease acquire() {
        while (true) {
            Generation g = current.get();
            if (closed) {
                // A server shutting down: the lease's context is (or soon is) closed and answers
                // "unavailable"; releasing this lease must not close it under the others.
                return new Lease(new Generation(g.context, false));
            }
            if (g.retain()) {
                return new Lease(g);
            }
            // g was replaced and closed between get() and retain(): the new one is current.
        }
    }

    /** The current context, without a lease: for what is read at once (the mechanism list). */
    public ServerContext current() {
        return current.get().context;
    }

    /**
     * Builds the next context and makes it current; the previous one closes when its last lease
     * goes.
     *
     * @return false (and the running context kept) when the loader fails, which is logged
     */
    public boolean reload() {
        if (loader == null) {
            throw new IllegalStateException("no loader given: use reload(Loader)");
        }
        return reload(loader);
    }

    /** {@link #reload()} with the next context built by {@code with}. */
    public boolean reload(Loader with) {
        if (closed) {
            return false;
        }
        ServerContext next;
        try {
            next = with.load();
        } catch (ConfigException | RuntimeException e) {
            LOG.error("reload failed, keeping the running configuration: {}", e.getMessage());
            return false;
        }
        Generation old = current.getAndSet(new Generation(next));
        old.release();
        LOG.info("configuration reloaded (mechanisms: {})", String.join(" ", next.mechanismNames(SecurityPolicy.NONE)));
        return true;
    }

    /** Closes the current context once its leases are gone; reloads stop. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            current.get().release();
        }
    }
}
