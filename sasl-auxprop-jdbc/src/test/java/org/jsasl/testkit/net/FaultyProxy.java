package org.jsasl.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between a client under test and a real server, that can misbehave the
 * way networks and overloaded servers do. Its {@link Mode} is read for every chunk that crosses it,
 * so changing the mode affects the connections already open (a pool's idle connections) as well as
 * new ones:
 * <ul>
 * <li>{@link Mode#PASS}: forward both ways;
 * <li>{@link Mode#STALL}: accept, and never forward a byte (data waits in the socket buffers);
 * <li>{@link Mode#DROP}: forward half of the next chunk, then close both sides (a connection cut
 *     mid-message);
 * <li>{@link Mode#TRICKLE}: forward one byte every 100 ms.
 * </ul>
 * Two threads per connection (one per direction), all daemons; {@link #close()} closes every
 * socket, which ends them.
 */
public final class FaultyProxy implements AutoCloseable {

    /** What the proxy does with the bytes that reach it. */
    public enum Mode {
        PASS, STALL, DROP, TRICKLE
    }

    /** The pause between two bytes in {@link Mode#TRICKLE}. */
    public static final long TRICKLE_INTERVAL_MILLIS = 100;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Mode mode = Mode.PASS;

    /** Listens on an ephemeral loopback port, forwarding to {@code host:port}. */
    public FaultyProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The loopback port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The host clients connect to ({@code 127.0.0.1}). */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** Changes what happens to every byte from now on, on open and new connections alike. */
    public void mode(Mode mode) {
        this.mode = mode;
        synchronized (this) {
            notifyAll();
        }
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    /** Client connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Sockets open now (client and server sides of every proxied connection). */
    public int openSockets() {
        return open.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(client);
            Thread t = new Thread(() -> connect(client), "faulty-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        open.add(server);
        try {
            // The real server is on loopback: a short bound, only so that a dead one ends the thread.
            server.connect(target, 5000);
        } catch (IOException e) {
            closeBoth(client, server);
            return;
        }
        Thread up = new Thread(() -> pump(client, server), "faulty-proxy-up");
        up.setDaemon(true);
        up.start();
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                waitWhileStalled(from);
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                int sent = 0;
                while (sent < n) {
                    Mode m = waitWhileStalled(from);
                    if (m == Mode.DROP) {
                        out.write(buffer, sent, Math.max(1, (n - sent) / 2));
                        out.flush();
                        closeBoth(from, to);
                        return;
                    }
                    if (m == Mode.TRICKLE) {
                        out.write(buffer[sent]);
                        out.flush();
                        sent++;
                        Thread.sleep(TRICKLE_INTERVAL_MILLIS);
                    } else {
                        out.write(buffer, sent, n - sent);
                        out.flush();
                        sent = n;
                    }
                }
            }
        } catch (IOException e) {
            // The other side went away (or close() closed the socket): end both directions.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeBoth(from, to);
    }

    /** Blocks while the mode is STALL (and the socket is open); returns the mode that ended the wait. */
    private Mode waitWhileStalled(Socket s) throws InterruptedException, SocketException {
        while (true) {
            Mode m = mode;
            if (m != Mode.STALL) {
                return m;
            }
            if (s.isClosed()) {
                throw new SocketException("closed while stalled");
            }
            synchronized (this) {
                if (mode == Mode.STALL) {
                    wait(200);
                }
            }
        }
    }

    private void closeBoth(Socket a, Socket b) {
        for (Socket s : new Socket[] {a, b}) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do.
            }
            open.remove(s);
        }
    }

    /** Closes every proxied connection now (both sides), as a network cut would; the proxy keeps listening. */
    public void cutAll() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already gone.
            }
            open.remove(s);
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }

    @Override
    public String toString() {
        return "FaultyProxy[" + host() + ":" + port() + " -> " + target + ", " + mode + "]";
    }
}
