package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program (swaks, python3) to its end within a time bound, with stdout and stderr
 * merged, so that a client waiting on a server that never answers fails the test instead of
 * hanging the build.
 */
final class BoundedProcess {

    /** The exit code and everything the program printed. */
    record Result(int exit, String output) {
    }

    private BoundedProcess() {
    }

    /**
     * Runs {@code command}; {@code stdin} is its whole input (how passwords reach it: never on the
     * command line, where {@code ps} shows them); {@code env} is added to this JVM's environment.
     */
    static Result run(List<String> command, String stdin, Duration limit, Path scratch, Map<String, String> env)
            throws Exception {
        // A file, not a pipe, for the output: the program can never block on a full pipe buffer.
        Path output = Files.createTempFile(scratch, "client-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            try {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The program exited without reading its input; its output says why.
            } finally {
                try {
                    p.getOutputStream().close();
                } catch (IOException ignored) {
                    // Same: already gone.
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail(command.get(0) + " did not finish within " + limit + ": " + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
