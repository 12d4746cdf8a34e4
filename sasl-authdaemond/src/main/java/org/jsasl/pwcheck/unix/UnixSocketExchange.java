package org.jsasl.pwcheck.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One request and its reply over a UNIX-domain socket, every step bounded in time and the reply
 * in size: connect, write the whole request, then read until the reply is complete, the server
 * closes, the size limit is reached, or the time is up. The channel is blocking (the fastest path
 * for one short exchange) and a shared watchdog closes it when a step overruns its time, which
 * ends the blocked call.
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

    /**
     * One daemon thread closes the channels of exchanges that overrun a step. Cancelled watches leave
     * its queue at once: most exchanges end long before their timeout, and a queued watch would keep
     * its channel reachable until then (seen while fuzzing the replies, issue 13).
     */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jsasl-unix-socket-watchdog");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private UnixSocketExchange() {
    }

    /**
     * Sends {@code request} and returns the reply bytes; the caller wipes them.
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
        String step = "connecting";
        ScheduledFuture<?> watch = null;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            watch = watch(ch, timeouts.connect());
            ch.connect(address);
            watch.cancel(false);
            step = "writing the request";
            watch = watch(ch, timeouts.write());
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                ch.write(out);
            }
            watch.cancel(false);
            step = "waiting for the reply";
            watch = watch(ch, timeouts.read());
            return read(ch, maxReply, complete);
        } catch (ExchangeException e) {
            throw e;
        } catch (ClosedChannelException e) {
            // Closed under our feet: only the watchdog does that.
            throw new ExchangeException("timed out " + step, e);
        } catch (IOException e) {
            throw new ExchangeException(describe(e, socket), e);
        } finally {
            if (watch != null) {
                watch.cancel(false);
            }
        }
    }

    private static ScheduledFuture<?> watch(SocketChannel ch, Duration limit) {
        return WATCHDOG.schedule(() -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is all the watchdog can do
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static byte[] read(SocketChannel ch, int maxReply, Predicate<ByteBuffer> complete) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(maxReply + 1);
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
            }
            return Arrays.copyOf(in.array(), in.position());
        } finally {
            // The reply may echo secrets (courier's PASSWD2): wipe our copy.
            Arrays.fill(in.array(), (byte) 0);
        }
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
