package org.jsasl.examples.smtpd;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.metrics.micrometer.MicrometerAuthMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jsasl_metrics_listen}: jsasl's meters ({@code jsasl_auth_total},
 * {@code jsasl_verifier_seconds}) in the Prometheus text format at {@code GET /metrics} on the
 * given address, from the JDK's own HTTP server. It answers nothing else (404 for other paths, 405
 * for other methods), runs on two threads with a short queue (when both are busy, the accepting
 * thread serves the scrape itself, which slows new connections instead of queueing them without
 * bound), and is closed with the SMTP server.
 *
 * <p>While it runs it is the process-wide {@link AuthMetrics}; closing it puts back the one before.
 * One endpoint per JVM: a second would take the counts from the first.
 */
final class MetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    static final String PATH = "/metrics";

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final int THREADS = 2;
    private static final int QUEUE = 16;
    private static final int BACKLOG = 16;

    // How long close() lets a scrape in progress finish.
    private static final int STOP_SECONDS = 1;

    private final PrometheusMeterRegistry registry;
    private final MicrometerAuthMetrics metrics;
    private final AuthMetrics previous;
    private final HttpServer http;
    private final ThreadPoolExecutor executor;

    private MetricsEndpoint(InetSocketAddress address) throws IOException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        http = HttpServer.create(address, BACKLOG);
        executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "smtpd-metrics");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        metrics = new MicrometerAuthMetrics(registry);
        previous = AuthMetrics.install(metrics);
        http.start();
    }

    /**
     * Binds {@code address} and serves {@code /metrics} until {@link #close()}.
     *
     * @throws IOException when the address cannot be bound
     */
    static MetricsEndpoint start(InetSocketAddress address) throws IOException {
        MetricsEndpoint m = new MetricsEndpoint(address);
        LOG.info("metrics: Prometheus endpoint on http://{}:{}{}", m.address().getAddress().getHostAddress(),
                m.address().getPort(), PATH);
        return m;
    }

    /** The address bound (the real port when 0 was asked for). */
    InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "not found\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "method not allowed\n");
            } else {
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                send(exchange, 200, registry.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Stops serving, puts back the previous {@link AuthMetrics} (unless another replaced this
     * one since) and closes the registry.
     */
    @Override
    public void close() {
        synchronized (MetricsEndpoint.class) {
            AuthMetrics now = AuthMetrics.install(previous);
            if (now != metrics) {
                // Someone installed another after us: leave theirs.
                AuthMetrics.install(now);
            }
        }
        http.stop(STOP_SECONDS);
        executor.shutdownNow();
        registry.close();
    }
}
