package org.jsasl.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A line-oriented program (GNU SASL's {@code gsasl}) driven through its stdin and stdout, every read
 * and the wait for its exit bounded in time, the process destroyed on close: a program waiting for
 * a line the test never sends fails the test instead of hanging the build.
 */
public final class LineProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final BufferedWriter input;
    private final Path errors;
    private final Duration limit;
    /** The program's stdout lines; an empty Optional marks its end. */
    private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    private boolean ended;

    private LineProcess(String name, Process process, Path errors, Duration limit) {
        this.name = name;
        this.process = process;
        this.errors = errors;
        this.limit = limit;
        this.input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        // A thread of its own for stdout, so that a read can give up after the limit.
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    lines.add(Optional.of(line));
                }
            } catch (IOException e) {
                // Destroyed under the reader: the end of the output all the same.
            } finally {
                lines.add(Optional.empty());
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}; stderr goes to a file (never a pipe that could fill and block it). */
    public static LineProcess start(List<String> command, Duration limit) throws IOException {
        Path errors = Files.createTempFile("jsasl-process-", ".err");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new LineProcess(Path.of(command.get(0)).getFileName().toString(), p, errors, limit);
    }

    /** The next line of stdout, or null at its end; fails the test when none comes within the limit. */
    public String readLine() throws InterruptedException {
        if (ended) {
            return null;
        }
        Optional<String> line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError(name + " wrote no line within " + limit + "; stderr: " + errors());
        }
        ended = line.isEmpty();
        return line.orElse(null);
    }

    /** Writes one line to stdin (from any thread: a prompt may be answered beside the exchange). */
    public synchronized void writeLine(String line) throws IOException {
        input.write(line);
        input.write('\n');
        input.flush();
    }

    /** Closes stdin; a program that has already exited is no error. */
    public synchronized void closeInput() {
        try {
            input.close();
        } catch (IOException e) {
            // Gone already: its exit code says how it ended.
        }
    }

    /** Reads stdout to its end and waits for the exit code, both within the limit. */
    public int waitFor() throws InterruptedException {
        while (readLine() != null) {
            // Output after the exchange (gsasl's application-data mode) is of no interest.
        }
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + limit + "; stderr: " + errors());
        }
        return process.exitValue();
    }

    /** What the program wrote to stderr so far. */
    public String errors() {
        try {
            return Files.readString(errors, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        errors.toFile().delete();
    }
}
