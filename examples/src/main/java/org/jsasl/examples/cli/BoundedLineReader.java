package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines that may hold passwords from a stream: each line at most {@value #MAX_LINE_BYTES}
 * bytes without its {@code \n} or {@code \r\n}, returned as bytes the caller clears. Its own
 * buffers are cleared as they are used and on {@link #close()}, which leaves the stream open.
 */
final class BoundedLineReader implements AutoCloseable {

    /** The longest line accepted, in bytes, not counting the line end. */
    static final int MAX_LINE_BYTES = 4096;

    /** A line longer than {@value #MAX_LINE_BYTES} bytes; the next read starts after it. */
    static final class LineTooLongException extends Exception {
        private static final long serialVersionUID = 1L;

        LineTooLongException() {
            super("line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    private final InputStream in;
    private final Runnable beforeBlocking;
    private final byte[] buffer = new byte[8192];
    // One more than the limit, so that a "\r" before the "\n" of a full-length line still fits.
    private final byte[] line = new byte[MAX_LINE_BYTES + 1];
    private int pos;
    private int limit;
    private boolean inLongLine;

    /** @param in the stream; not closed by {@link #close()} */
    BoundedLineReader(InputStream in) {
        this(in, () -> { });
    }

    /**
     * @param in the stream; not closed by {@link #close()}
     * @param beforeBlocking run before a read that may wait, that is when nothing more is available
     *        at once: a writer flushes its answers there, so that a caller that feeds one line and
     *        waits for its answer gets it, while a file or a full pipe is answered in big blocks
     */
    BoundedLineReader(InputStream in, Runnable beforeBlocking) {
        this.in = in;
        this.beforeBlocking = beforeBlocking;
    }

    /**
     * The next line without its line end, in a new array the caller must clear, or null at the end
     * of the stream. A last line without a line end counts as a line.
     *
     * @throws LineTooLongException when the line is too long; it is skipped by the next call, not
     *         by this one, so that a single-line reader never waits for the rest of an endless line
     */
    byte[] readLine() throws IOException, LineTooLongException {
        if (inLongLine) {
            skipRestOfLine();
        }
        int n = 0;
        boolean sawAny = false;
        try {
            while (true) {
                int b = next();
                if (b < 0) {
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
                sawAny = true;
                if (b == '\n') {
                    break;
                }
                if (n == line.length) {
                    inLongLine = true;
                    throw new LineTooLongException();
                }
                line[n++] = (byte) b;
            }
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            if (n > MAX_LINE_BYTES) {
                throw new LineTooLongException();
            }
            return Arrays.copyOf(line, n);
        } finally {
            Arrays.fill(line, 0, Math.min(n + 1, line.length), (byte) 0);
        }
    }

    private void skipRestOfLine() throws IOException {
        int b;
        do {
            b = next();
        } while (b >= 0 && b != '\n');
        inLongLine = false;
    }

    private int next() throws IOException {
        if (pos == limit) {
            Arrays.fill(buffer, 0, limit, (byte) 0);
            pos = 0;
            limit = 0;
            if (!moreAvailable()) {
                beforeBlocking.run();
            }
            int r = in.read(buffer);
            if (r <= 0) {
                // read() returns 0 only for an empty array, so anything but data is the end.
                return -1;
            }
            limit = r;
        }
        return buffer[pos++] & 0xff;
    }

    private boolean moreAvailable() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            // Some streams cannot tell (a closed pipe); the read will say what is wrong.
            return false;
        }
    }

    /** Clears the buffers; the stream stays open because it is usually standard input. */
    @Override
    public void close() {
        Arrays.fill(buffer, (byte) 0);
        Arrays.fill(line, (byte) 0);
        pos = 0;
        limit = 0;
    }
}
