package org.jsasl.pwcheck.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * One request and its reply over a UNIX-domain socket, every step bounded in time and the reply
 * in size: connect, write the whole request, then read until the reply is complete, the server
 * closes, the size limit is reached, or the time is up. Non-blocking channels with a selector,
 * because a blocking {@link SocketChannel} has no read timeout.
 */
public final class UnixSocketExchange {

    /** Why an exchange did not produce a reply. */
    public static final class ExchangeException extends IOException {
        private static final long serialVersionUID = 1L;

        ExchangeException(String message) {
            super(message);
        }

        ExchangeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private UnixSocketExchange() {
    }

    /**
     * Sends {@code request} and returns the reply bytes.
     *
     * @param complete says whether the bytes read so far are a whole reply (so that a server
     *     that keeps the connection open does not cost the read timeout)
     * @param maxReply the most bytes a reply may have; more is an error
     * @throws ExchangeException with a message for logs (no request content in it)
     */
    public static byte[] exchange(Path socket, byte[] request, DaemonTimeouts timeouts, int maxReply,
            Predicate<ByteBuffer> complete) throws ExchangeException {
        UnixDomainSocketAddress address;
        try {
            address = UnixDomainSocketAddress.of(socket);
        } catch (IllegalArgumentException e) {
            throw new ExchangeException("socket path " + socket + " is not usable: " + e.getMessage(), e);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            connect(ch, selector, address, timeouts);
            write(ch, selector, ByteBuffer.wrap(request), timeouts);
            return read(ch, selector, timeouts, maxReply, complete);
        } catch (ExchangeException e) {
            throw e;
        } catch (IOException e) {
            throw new ExchangeException(describe(e, socket), e);
        }
    }

    private static void connect(SocketChannel ch, Selector selector, UnixDomainSocketAddress address,
            DaemonTimeouts timeouts) throws IOException {
        if (ch.connect(address)) {
            return;
        }
        SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
        long deadline = System.nanoTime() + timeouts.connect().toNanos();
        while (!ch.finishConnect()) {
            await(selector, deadline, "connecting");
        }
        key.interestOps(0);
    }

    private static void write(SocketChannel ch, Selector selector, ByteBuffer out, DaemonTimeouts timeouts)
            throws IOException {
        SelectionKey key = ch.keyFor(selector) != null ? ch.keyFor(selector) : ch.register(selector, 0);
        key.interestOps(SelectionKey.OP_WRITE);
        long deadline = System.nanoTime() + timeouts.write().toNanos();
        while (out.hasRemaining()) {
            if (ch.write(out) == 0) {
                await(selector, deadline, "writing the request");
            }
        }
        key.interestOps(0);
    }

    private static byte[] read(SocketChannel ch, Selector selector, DaemonTimeouts timeouts, int maxReply,
            Predicate<ByteBuffer> complete) throws IOException {
        SelectionKey key = ch.keyFor(selector);
        key.interestOps(SelectionKey.OP_READ);
        ByteBuffer in = ByteBuffer.allocate(maxReply + 1);
        long deadline = System.nanoTime() + timeouts.read().toNanos();
        try {
            while (true) {
                int n = ch.read(in);
                if (n < 0) {
                    break;
                }
                if (in.position() > maxReply) {
                    throw new ExchangeException("reply longer than " + maxReply + " bytes");
                }
                if (n > 0 && complete.test(in.duplicate().flip())) {
                    break;
                }
                if (n == 0) {
                    await(selector, deadline, "waiting for the reply");
                }
            }
            return Arrays.copyOf(in.array(), in.position());
        } finally {
            // The reply may echo secrets (courier's PASSWD2): wipe our copy.
            Arrays.fill(in.array(), (byte) 0);
        }
    }

    private static void await(Selector selector, long deadline, String what) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new ExchangeException("timed out " + what);
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
    }

    private static String describe(IOException e, Path socket) {
        String kind = e.getClass().getSimpleName();
        String msg = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "socket " + socket + ": " + kind + msg;
    }

    /** Whether any byte of {@code s} is below 0x20 (LF, CR, NUL, TAB and the other control characters). */
    public static boolean hasControlCharacter(byte[] s) {
        for (byte b : s) {
            if ((b & 0xff) < 0x20) {
                return true;
            }
        }
        return false;
    }
}
