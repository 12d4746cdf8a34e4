package org.jsasl.examples.cli;

import java.io.PrintStream;

/**
 * The verdict lines of {@code jsasl check --batch}, written to standard output in blocks rather
 * than one flush per line: they are held until {@link #flush()}, which the batch calls before it
 * waits for more input, or until a block is full. A caller that sends one line and waits for its
 * verdict therefore still gets it, in order, while a file or a full pipe costs one write per block.
 */
final class BatchOutput {

    /** Characters held at most before they are written anyway. */
    static final int BLOCK_CHARS = 16 * 1024;

    private final PrintStream out;
    private final StringBuilder pending = new StringBuilder(BLOCK_CHARS + 256);

    /** @param out where the lines go, in the stream's own encoding */
    BatchOutput(PrintStream out) {
        this.out = out;
    }

    /** Adds one line and its line end. */
    void println(String line) {
        pending.append(line).append(System.lineSeparator());
        if (pending.length() >= BLOCK_CHARS) {
            flush();
        }
    }

    /** Writes and flushes every line held. */
    void flush() {
        if (pending.length() > 0) {
            // One print of the whole block: an autoflushing PrintStream then flushes once, not per line.
            out.print(pending);
            pending.setLength(0);
        }
        out.flush();
    }
}
