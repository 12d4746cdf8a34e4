package org.jsasl.examples.smtpd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what this JVM writes to standard error, where the examples' slf4j-simple writes every
 * log line (it looks System.err up at each line), so that tests read the server's real log output;
 * the sasl-core testkit's LogCapture needs logback, which the examples do not run on. Use in
 * try-with-resources; tests in this module run one at a time.
 */
final class StandardErrorCapture implements AutoCloseable {

    private final PrintStream previous = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StandardErrorCapture() {
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    /** Every line written so far. */
    List<String> lines() {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\r?\n"));
    }

    /** The lines that contain {@code part}. */
    List<String> linesWith(String part) {
        return lines().stream().filter(l -> l.contains(part)).toList();
    }

    @Override
    public void close() {
        PrintStream mine = System.err;
        System.setErr(previous);
        mine.flush();
        previous.print(buffer.toString(StandardCharsets.UTF_8));   // still visible in the test report
    }
}
