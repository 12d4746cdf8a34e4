package org.jsasl.authd;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsasl.server.ReloadableContext;
import org.jsasl.server.ServerContext;

/**
 * What every protocol of jsasl authd checks passwords with: the current {@link ServerContext}
 * (replaced as a whole when the configuration is reloaded; each request holds a lease on the one it
 * started with, which closes after its last request) and a bounded pool that runs the checks, so
 * that a slow backend ties up at most its threads and its queue, and the protocols' reader threads
 * stay free to answer.
 */
public final class AuthdBackend implements AutoCloseable {

    private final AuthdOptions options;
    private final ReloadableContext contexts;
    private final ThreadPoolExecutor checks;

    public AuthdBackend(ServerContext context, AuthdOptions options) {
        this.contexts = new ReloadableContext(Objects.requireNonNull(context, "context"));
        this.options = Objects.requireNonNull(options, "options");
        AtomicInteger n = new AtomicInteger();
        this.checks = new ThreadPoolExecutor(options.maxConcurrentChecks(), options.maxConcurrentChecks(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, options.maxQueuedChecks())), r -> {
                    Thread t = new Thread(r, "authd-check-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        checks.allowCoreThreadTimeOut(true);
    }

    /** The daemon's limits. */
    public AuthdOptions options() {
        return options;
    }

    /** The configuration requests starting now use, without a lease: for what is read at once. */
    public ServerContext context() {
        return contexts.current();
    }

    /** The current configuration, held open until the lease is closed: one per request. */
    public ReloadableContext.Lease lease() {
        return contexts.acquire();
    }

    /**
     * Rereads the configuration with {@code loader}: new requests use it at once, running ones
     * finish on theirs, whose context closes after them. A configuration that does not load is
     * logged and the running one stays.
     *
     * @return whether the new configuration was taken
     */
    public boolean reload(ReloadableContext.Loader loader) {
        return contexts.reload(loader);
    }

    /**
     * Runs a check in the pool.
     *
     * @throws RejectedExecutionException when every thread is busy and the queue is full: answer it
     *     as a temporary failure at once
     */
    public <T> Future<T> submit(Callable<T> check) {
        return checks.submit(check);
    }

    /** Stops the pool (running checks are interrupted) and closes the current configuration. */
    @Override
    public void close() {
        checks.shutdownNow();
        contexts.close();
    }
}
