package org.jsasl.pwcheck.unix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small in-process stand-in for a password daemon on a UNIX socket, for the error cases a real
 * daemon will not produce on demand: no answer, garbage, too much, a reset. Each connection's
 * request is recorded; {@link Behaviour} decides what happens next.
 */
public final class FakeDaemon implements AutoCloseable {

    /** What the fake does with a connection once it has read the request. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(SocketChannel ch, byte[] request) throws IOException, InterruptedException;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final int requestBytes;

    /**
     * @param socket where to listen
     * @param requestBytes how many bytes make a whole request (read before {@code behaviour} runs;
     *     0 = whatever arrives first)
     */
    public FakeDaemon(Path socket, int requestBytes, Behaviour behaviour) throws IOException {
        this.socket = socket;
        this.requestBytes = requestBytes;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> {
            while (server.isOpen()) {
                try (SocketChannel ch = server.accept()) {
                    byte[] request = readRequest(ch);
                    requests.add(request);
                    behaviour.serve(ch, request);
                } catch (IOException | InterruptedException e) {
                    if (!server.isOpen()) {
                        return;
                    }
                }
            }
        }, "fake-daemon");
        thread.setDaemon(true);
        thread.start();
    }

    private byte[] readRequest(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(16384);
        do {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                break;
            }
            out.write(buf.array(), 0, n);
        } while (out.size() < requestBytes);
        return out.toByteArray();
    }

    /** Writes {@code bytes} whole. */
    public static void send(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The requests received so far. */
    public List<byte[]> requests() {
        return requests;
    }

    /** The socket path. */
    public Path socket() {
        return socket;
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.interrupt();
        thread.join(5000);
        Files.deleteIfExists(socket);
    }
}
