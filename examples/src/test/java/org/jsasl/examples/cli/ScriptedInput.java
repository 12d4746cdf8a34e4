package org.jsasl.examples.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Standard input as a caller that sends its lines in bursts delivers it: each burst is available at
 * once ({@link #available()} counts it) once the reader has started on it, and the next burst comes
 * only when the reader asks for it, which is where a pipe would make it wait. Before handing out
 * each burst it runs a check, so a test can see what had been answered by then.
 */
final class ScriptedInput extends InputStream {

    private final Deque<byte[]> bursts = new ArrayDeque<>();
    private final Runnable beforeEachBurst;
    private byte[] current = new byte[0];
    private int pos;
    /** Bursts handed out so far. */
    final List<Integer> waits = new ArrayList<>();

    ScriptedInput(Runnable beforeEachBurst, String... bursts) {
        this.beforeEachBurst = beforeEachBurst;
        for (String b : bursts) {
            this.bursts.add(b.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == current.length) {
            if (bursts.isEmpty()) {
                return -1;
            }
            beforeEachBurst.run();
            waits.add(pos);
            current = bursts.poll();
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
