package org.jsasl.authd;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jsasl.server.ServerContext;

/**
 * What every protocol of jsasl authd checks passwords with: the current {@link ServerContext}
 * (replaced as a whole when the configuration is reloaded, so a request sees one configuration from
 * start to end) and a bounded pool that runs the checks, so that a slow backend ties up at most
 * its threads and its queue, and the protocols' reader threads stay free to answer.
 */
public final class AuthdBackend implements AutoCloseable {

    private final AuthdOptions options;
    private final AtomicReference<ServerContext> context;
    private final ThreadPoolExecutor checks;

    public AuthdBackend(ServerContext context, AuthdOptions options) {
        this.context = new AtomicReference<>(Objects.requireNonNull(context, "context"));
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

    /** The configuration requests starting now use. */
    public ServerContext context() {
        return context.get();
    }

    /**
     * Makes {@code next} the configuration of new requests and returns the previous one, which the
     * caller closes once the requests using it are done (the daemon waits {@code checkTimeout}).
     */
    public ServerContext replace(ServerContext next) {
        return context.getAndSet(Objects.requireNonNull(next, "next"));
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
        context.get().close();
    }
}
