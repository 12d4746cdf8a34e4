package org.jsasl.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the fixtures of real services (databases, password daemons) share: reading the variables
 * {@code scripts/services/all env} prints, skipping a test when they are missing (failing instead
 * under {@code JSASL_REQUIRE_SERVICES=1}, as {@code scripts/test-all} sets), and running a service
 * script ({@code stop}, {@code resume}) within a time bound.
 */
public final class TestServices {

    /** How long a service script may take. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private static final String HOW_TO_START = "start the test services from the repository root with"
            + " 'scripts/services/all start' and 'eval \"$(scripts/services/all env)\"' (as root), then run"
            + " Maven in that shell (or run everything with scripts/test-all)";

    private TestServices() {
    }

    /**
     * The values of {@code names}; when any is unset the test is skipped, or fails under
     * {@code JSASL_REQUIRE_SERVICES=1}.
     *
     * @param product the service's name for the message ("PostgreSQL")
     */
    public static Map<String, String> require(String product, List<String> names) {
        Map<String, String> env = System.getenv();
        List<String> missing = names.stream().filter(n -> env.get(n) == null || env.get(n).isBlank()).toList();
        if (!missing.isEmpty()) {
            String message = product + " test service not configured (" + String.join(", ", missing) + " unset): "
                    + HOW_TO_START;
            if ("1".equals(env.get("JSASL_REQUIRE_SERVICES"))) {
                throw new AssertionError(message + " [JSASL_REQUIRE_SERVICES=1: failing instead of skipping]");
            }
            Assumptions.abort(message);
        }
        return env;
    }

    /** Runs {@code script verb} with no input, within {@value #SCRIPT_TIMEOUT_SECONDS} s; fails the test with its output otherwise. */
    public static void run(Path script, String verb) {
        Path output = null;
        try {
            output = Files.createTempFile("jsasl-service-", ".log");
            Process process = new ProcessBuilder(script.toString(), verb)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(script + " " + verb + " did not finish within " + SCRIPT_TIMEOUT_SECONDS
                        + " s: " + read(output));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " " + verb + " failed (exit " + process.exitValue() + "): "
                        + read(output));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script + " " + verb + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + script + " " + verb, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
