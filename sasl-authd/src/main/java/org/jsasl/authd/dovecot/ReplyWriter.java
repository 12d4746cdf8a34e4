package org.jsasl.authd.dovecot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Sends a connection's reply lines from its own thread, so that the reader and the check threads
 * only queue them and never block on a client that does not read. The queue is bounded in bytes;
 * when a client lets it overflow, the connection is closed (Dovecot stops reading instead, which
 * would leave that client's requests and their checks waiting without bound).
 */
final class ReplyWriter implements Runnable {

    private final SocketChannel channel;
    private final int maxQueuedBytes;
    private final Runnable onFailure;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean closed;

    /**
     * @param maxQueuedBytes replies waiting to be written; one more closes the connection
     * @param onFailure called once when the connection is closed for overflow or a failed write
     */
    ReplyWriter(SocketChannel channel, int maxQueuedBytes, Runnable onFailure) {
        this.channel = channel;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onFailure = onFailure;
    }

    /**
     * Queues one line; a LF is appended. The line is built from escaped fields, so it holds no CR
     * or LF of its own; one that does is refused rather than split.
     *
     * @return false when the connection is closing and the line was dropped
     */
    boolean send(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("reply line with CR or LF");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return false;
            }
            overflow = queuedBytes + bytes.length > maxQueuedBytes;
            if (overflow) {
                closed = true;
                queue.clear();
            } else {
                queue.add(bytes);
                queuedBytes += bytes.length;
                notifyAll();
            }
        }
        if (overflow) {
            onFailure.run();
            return false;
        }
        return true;
    }

    /** Stops the thread once the lines queued so far are written (or at once if the channel is closed). */
    synchronized void finish() {
        closed = true;
        notifyAll();
    }

    @Override
    public void run() {
        try {
            while (true) {
                ByteBuffer batch;
                synchronized (this) {
                    while (queue.isEmpty() && !closed) {
                        wait();
                    }
                    if (queue.isEmpty()) {
                        return;
                    }
                    // One write for every line queued so far: replies come in bursts (the handshake).
                    batch = ByteBuffer.allocate(queuedBytes);
                    for (byte[] b : queue) {
                        batch.put(b);
                    }
                    queue.clear();
                    queuedBytes = 0;
                    batch.flip();
                }
                while (batch.hasRemaining()) {
                    channel.write(batch);
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                closed = true;
                queue.clear();
            }
            onFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
