package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jsasl.config.ConfigException;
import org.jsasl.server.ReloadableContext;
import org.jsasl.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example SMTP submission server: listens on one address, runs each connection on its own
 * thread up to {@code jsasl_max_connections}, rereads its smtpd.conf on {@link #reload()} and stops
 * cleanly on {@link #close()}.
 *
 * <p>A reload works as {@code postfix reload} does for smtpd processes: sessions that start after
 * it use the new configuration, sessions already running finish on the one they started with, and
 * that one (its database pool with it) is closed when its last session ends.
 */
public final class SmtpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);

    // How long close() waits for connection threads once their sockets are closed.
    private static final long JOIN_MILLIS = 5000;

    private final MainCf cf;
    private final ReloadableContext contexts;
    private volatile SaslSetup sasl;
    private final TlsSetup tls;
    private final MailFolder folder;
    private final ServerSocket listener;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final MetricsEndpoint metrics;
    private volatile boolean stopping;

    private SmtpServer(MainCf cf, ReloadableContext contexts, InetSocketAddress address) throws IOException {
        this.cf = cf;
        this.contexts = contexts;
        // Made before binding, so that a bad certificate stops the start, not the first STARTTLS.
        this.tls = TlsSetup.of(cf, cf.directory());
        this.sasl = new SaslSetup(cf, contexts.current(), tls);
        this.folder = new MailFolder(cf.mailDirectory());
        this.slots = new Semaphore(cf.maxConnections());
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        // The accept queue holds as many connections as the server serves at once (the kernel caps
        // it at net.core.somaxconn): with 128, a burst of more clients than that arriving together
        // (the soak's 200) overflows it while the acceptor waits for CPU, the kernel drops their
        // handshakes, and those clients are greeted only after SYN-ACK retries, seconds later.
        listener.bind(address, Math.max(128, Math.min(cf.maxConnections(), 65_535)));
        try {
            this.metrics = cf.metricsListen() == null ? null : MetricsEndpoint.start(cf.metricsListen());
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            throw e;
        }
        this.acceptor = new Thread(this::acceptLoop, "smtpd-accept");
        acceptor.start();
    }

    /**
     * Reads the smtpd.conf main.cf names and starts listening.
     *
     * @throws ConfigException when the smtpd.conf is wrong
     * @throws IOException when the address cannot be bound
     */
    public static SmtpServer start(MainCf cf, InetSocketAddress address) throws ConfigException, IOException {
        ReloadableContext contexts = ReloadableContext.load(() -> ServerContext.load(cf.saslConfigFile()));
        try {
            return new SmtpServer(cf, contexts, address);
        } catch (IOException | RuntimeException e) {
            contexts.close();
            throw e;
        }
    }

    /**
     * Rereads the smtpd.conf (SIGHUP): new sessions use it, running ones finish on theirs. main.cf
     * itself is not reread (its listen address, TLS and limits need a restart, as in Postfix).
     *
     * @return false when the file no longer loads: the running configuration stays, and the log says why
     */
    public boolean reload() {
        if (!contexts.reload()) {
            return false;
        }
        sasl = new SaslSetup(cf, contexts.current(), tls);
        return true;
    }

    /** The SASL side for a session holding {@code lease}: the shared one, unless the lease predates a reload. */
    private SaslSetup saslFor(ReloadableContext.Lease lease) {
        SaslSetup s = sasl;
        return s.context() == lease.context() ? s : new SaslSetup(cf, lease.context(), tls);
    }

    /** The address actually bound (the port is the real one when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The address of the {@code jsasl_metrics_listen} endpoint, or null when it is off. */
    public InetSocketAddress metricsAddress() {
        return metrics == null ? null : metrics.address();
    }

    /** The mechanisms announced in EHLO. */
    public java.util.List<String> mechanisms() {
        return sasl.mechanisms();
    }

    /** The certificate chain STARTTLS presents; empty when TLS is off. */
    public java.util.List<java.security.cert.Certificate> tlsCertificates() {
        return tls == null ? java.util.List.of() : tls.chain();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.error("accept failed: {}", e.toString());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refuse(socket);
                continue;
            }
            open.add(socket);
            Thread worker = new Thread(() -> {
                try (ReloadableContext.Lease lease = contexts.acquire()) {
                    new SmtpSession(socket, cf, saslFor(lease), tls, folder).run();
                } catch (RuntimeException e) {
                    // One client's bug must not reach the others.
                    LOG.error("session failed", e);
                } finally {
                    open.remove(socket);
                    closeQuietly(socket);
                    slots.release();
                    workers.remove(Thread.currentThread());
                }
            }, "smtpd-" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void refuse(Socket socket) {
        try (socket) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(("421 4.7.0 " + cf.myhostname() + " Error: too many connections\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // A client we are refusing anyway.
        }
    }

    /**
     * Stops accepting, closes every connection, waits for their threads, and closes the metrics
     * endpoint and the SASL context.
     */
    @Override
    public void close() {
        stopping = true;
        closeQuietly(listener);
        try {
            acceptor.join(JOIN_MILLIS);
            for (Socket s : open) {
                closeQuietly(s);
            }
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
            for (Thread t : workers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            contexts.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing on the way out: nothing more to do.
        }
    }
}
