package org.jsasl.authd.dovecot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.server.ServerContext;

/**
 * The protocol on a real loopback socket, each accepted connection served on its own thread as the
 * daemon does; the test's clients connect to {@link #port()}.
 */
final class DovecotTestServer implements AutoCloseable {

    final AuthdBackend backend;
    final DovecotAuthProtocol protocol;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    DovecotTestServer(ServerContext context, AuthdOptions options) throws IOException {
        backend = new AuthdBackend(context, options);
        protocol = new DovecotAuthProtocol(backend);
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(() -> {
            while (server.isOpen()) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (IOException e) {
                    return;
                }
                Thread t = new Thread(() -> {
                    try {
                        protocol.serve(c, "test-peer");
                    } catch (IOException e) {
                        // The client went away; the test sees it on its side.
                    }
                }, "test-conn");
                t.setDaemon(true);
                t.start();
            }
        }, "test-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    AuthClient connect() throws IOException {
        return new AuthClient(port());
    }

    /** Connects and completes the handshake with {@code VERSION 1 minor}. */
    AuthClient hello(int minor) throws IOException {
        AuthClient c = connect();
        c.send("VERSION\t1\t" + minor);
        c.send("CPID\t4242");
        c.handshake();
        return c;
    }

    /** Stops accepting; the context belongs to the test (several servers share one), so it stays open. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
