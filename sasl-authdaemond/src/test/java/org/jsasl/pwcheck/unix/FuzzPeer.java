package org.jsasl.pwcheck.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fake password daemon of the reply fuzz targets: one UNIX socket, one thread, one connection
 * at a time. For each connection it reads the whole request (so that closing never resets a client
 * still writing), hands it to the test, writes the reply set by {@link #answer} in one write and
 * closes, so that no input costs the verifier's read timeout. The verifiers have no seam below
 * {@link UnixSocketExchange}, so the target talks to a real socket; a local connection costs tens of
 * microseconds, which keeps thousands of executions per second.
 */
public final class FuzzPeer implements AutoCloseable {

    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
    private volatile byte[] reply = new byte[0];
    private volatile int requestBytes;

    /** Listens on a socket in a new temporary directory. */
    public FuzzPeer() throws IOException {
        dir = Files.createTempDirectory("jsasl-peer");
        socket = dir.resolve("socket");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(this::serve, "fuzz-peer");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                // Read this connection's settings before anything is written: the test sets the next
                // input's only after the verifier has returned, which is after this reply.
                byte[] answer = reply;
                ByteBuffer in = ByteBuffer.allocate(requestBytes);
                while (in.hasRemaining() && ch.read(in) >= 0) {
                    // read the whole request
                }
                requests.add(in.array());
                ByteBuffer out = ByteBuffer.wrap(answer);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
            } catch (IOException e) {
                // The client gave up (a reply over its limit): the next connection is served as usual.
            }
        }
    }

    /** The next connection: expect a request of {@code requestBytes}, answer {@code reply}. */
    public void answer(int requestBytes, byte[] reply) {
        requests.clear();
        this.requestBytes = requestBytes;
        this.reply = reply.clone();
    }

    /** The request of the last connection, or null if none came within a second. */
    public byte[] request() throws InterruptedException {
        return requests.poll(1, TimeUnit.SECONDS);
    }

    /** The socket path. */
    public Path socket() {
        return socket;
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5000);
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }
}
