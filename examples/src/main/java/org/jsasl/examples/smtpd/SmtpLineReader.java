package org.jsasl.examples.smtpd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads CRLF (or bare LF) terminated lines from a client, never keeping more than a given number
 * of bytes of one line; the time each read may take is the socket's timeout.
 */
final class SmtpLineReader {

    /** Thrown after an overlong line has been read up to its end and dropped. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException() {
            super("line too long");
        }
    }

    // A client that sends this many times the limit without a line end is not an SMTP client.
    private static final int DISCARD_FACTOR = 64;

    private final InputStream in;

    SmtpLineReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one line without its line end.
     *
     * @param max the most bytes the line may have
     * @return the line, or null at end of stream before any byte
     * @throws LineTooLongException when the line was longer than {@code max} (it has been dropped)
     * @throws IOException on a read error or timeout, or when even dropping a line does not end
     */
    byte[] readLine(int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(max, 512) + 2);
        long dropped = 0;
        boolean any = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (!any) {
                    return null;
                }
                throw new IOException("connection closed in the middle of a line");
            }
            any = true;
            if (b == '\n') {
                if (dropped > 0) {
                    throw new LineTooLongException();
                }
                byte[] out = line.toByteArray();
                int len = out.length;
                if (len > 0 && out[len - 1] == '\r') {
                    len--;
                }
                if (len > max) {
                    // The byte kept as room for a CR was a line byte: a bare-LF line of max + 1 bytes.
                    throw new LineTooLongException();
                }
                return len == out.length ? out : java.util.Arrays.copyOf(out, len);
            }
            // Room for a CR before the LF that ends a maximal line.
            if (dropped > 0 || line.size() >= max + 1) {
                if (++dropped > (long) DISCARD_FACTOR * max) {
                    throw new IOException("line without end");
                }
            } else {
                line.write(b);
            }
        }
    }
}
