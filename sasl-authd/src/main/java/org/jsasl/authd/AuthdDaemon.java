package org.jsasl.authd;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsasl.config.ConfigException;
import org.jsasl.server.ReloadableContext;
import org.jsasl.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jsasl authd's sockets: binds each {@link Listener}, gives every accepted connection a thread of
 * its own running the listener's protocol, reloads the configuration without dropping connections,
 * and on {@link #close()} stops accepting, closes every connection and removes its socket files.
 */
public final class AuthdDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuthdDaemon.class);

    /**
     * One socket and the protocol spoken on it.
     *
     * @param ownership applied to a UNIX socket file; ignored for TCP
     */
    public record Listener(ListenAddress address, AuthProtocol protocol, SocketOwnership ownership) {
    }

    private final AuthdBackend backend;
    private final ReloadableContext.Loader loader;
    private final int maxConnections;
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private volatile boolean closed;

    private AuthdDaemon(AuthdBackend backend, ReloadableContext.Loader loader, int maxConnections) {
        this.backend = backend;
        this.loader = loader;
        this.maxConnections = maxConnections;
    }

    /**
     * Binds every listener and starts accepting.
     *
     * @param maxConnections connections served at once over all listeners; one more is closed at once
     * @throws IOException when a socket cannot be bound (nothing stays bound then)
     */
    public static AuthdDaemon start(AuthdBackend backend, ReloadableContext.Loader loader, List<Listener> listeners,
            int maxConnections) throws IOException {
        AuthdDaemon d = new AuthdDaemon(backend, loader, maxConnections);
        try {
            for (Listener l : listeners) {
                d.bind(l);
            }
        } catch (IOException | RuntimeException e) {
            d.closeSockets();
            throw e;
        }
        for (int i = 0; i < listeners.size(); i++) {
            d.accept(d.servers.get(i), listeners.get(i));
        }
        return d;
    }

    private void bind(Listener l) throws IOException {
        ServerSocketChannel server;
        if (l.address() instanceof ListenAddress.Unix unix) {
            removeStaleSocket(unix.path());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(unix.socketAddress(), 128);
            socketFiles.add(unix.path());
            servers.add(server);
            l.ownership().apply(unix.path());
        } else {
            ListenAddress.Inet inet = (ListenAddress.Inet) l.address();
            if (!inet.loopback()) {
                LOG.warn("{}: {} is not a loopback address; the protocol has no encryption", l.protocol().name(),
                        inet);
            }
            server = ServerSocketChannel.open();
            server.bind(inet.socketAddress(), 128);
            servers.add(server);
        }
        LOG.info("{}: listening on {}", l.protocol().name(), describe(server));
    }

    /**
     * A socket file left by a daemon that died is removed; one a live daemon answers on, or any
     * other kind of file, is an error rather than something to delete.
     */
    private static void removeStaleSocket(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!a.isOther()) {
            throw new IOException(path + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException(path + " is in use by another process");
        } catch (IOException refused) {
            if (refused.getMessage() != null && refused.getMessage().endsWith("in use by another process")) {
                throw refused;
            }
            Files.deleteIfExists(path);
        }
    }

    private void accept(ServerSocketChannel server, Listener l) {
        String name = l.protocol().name();
        Thread t = new Thread(() -> {
            AtomicInteger n = new AtomicInteger();
            while (!closed) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("{}: accept failed: {}", name, e.toString());
                    }
                    continue;
                }
                if (connectionCount.incrementAndGet() > maxConnections) {
                    connectionCount.decrementAndGet();
                    LOG.warn("{}: more than {} connections; closing a new one", name, maxConnections);
                    closeQuietly(c);
                    continue;
                }
                connections.add(c);
                String peer = peer(c, server);
                Thread worker = new Thread(() -> {
                    try {
                        l.protocol().serve(c, peer);
                    } catch (IOException e) {
                        if (!closed) {
                            LOG.debug("{}: connection from {} ended: {}", name, peer, e.toString());
                        }
                    } catch (RuntimeException e) {
                        LOG.error("{}: connection from {} failed", name, peer, e);
                    } finally {
                        closeQuietly(c);
                        connections.remove(c);
                        connectionCount.decrementAndGet();
                    }
                }, "authd-" + name + "-" + n.incrementAndGet());
                worker.setDaemon(true);
                worker.start();
            }
        }, "authd-" + name + "-accept");
        t.setDaemon(true);
        t.start();
        acceptors.add(t);
    }

    private static String peer(SocketChannel c, ServerSocketChannel server) {
        try {
            SocketAddress remote = c.getRemoteAddress();
            if (remote instanceof java.net.InetSocketAddress inet) {
                return inet.getAddress().getHostAddress() + ":" + inet.getPort();
            }
            return describe(server);
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String describe(ServerSocketChannel server) {
        try {
            SocketAddress a = server.getLocalAddress();
            if (a instanceof UnixDomainSocketAddress u) {
                return "unix:" + u.getPath();
            }
            java.net.InetSocketAddress i = (java.net.InetSocketAddress) a;
            return "inet:" + i.getAddress().getHostAddress() + ":" + i.getPort();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The addresses bound, in listener order (a TCP port 0 shows the port chosen). */
    public List<SocketAddress> addresses() throws IOException {
        List<SocketAddress> list = new ArrayList<>();
        for (ServerSocketChannel s : servers) {
            list.add(s.getLocalAddress());
        }
        return list;
    }

    /** Connections being served now. */
    public int connections() {
        return connectionCount.get();
    }

    /**
     * Rereads the configuration: new requests use the new one at once; the old one is closed once
     * the requests that started with it are done. A configuration that does not load is logged and
     * the old one stays.
     *
     * @return whether the new configuration was taken
     */
    public boolean reload() {
        return backend.reload(loader);
    }

    /** Stops accepting, closes every connection, removes the socket files and closes the backend. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSockets();
        for (SocketChannel c : connections) {
            closeQuietly(c);
        }
        for (Thread t : acceptors) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        backend.close();
        LOG.info("stopped");
    }

    private void closeSockets() {
        for (ServerSocketChannel s : servers) {
            closeQuietly(s);
        }
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", p, e.toString());
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do with it.
        }
    }
}
