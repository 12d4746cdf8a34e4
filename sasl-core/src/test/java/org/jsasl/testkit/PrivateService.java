package org.jsasl.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second, private instance of one of the {@code scripts/services} servers, in a run directory
 * of its own ({@code JSASL_SERVICES_DIR}) and on a port of its own, for tests that kill, freeze or
 * otherwise break a server: the shared instance that every other test (and every other Maven run
 * on the machine) uses is never touched. The scripts already take the run directory and the port
 * from the environment, so a private instance costs one more {@code start} (about a second).
 *
 * <p>Use it in {@code @BeforeAll} after {@link TestServices#require} saw the shared service's
 * variables (so a machine without the services skips), and {@link #close()} it in
 * {@code @AfterAll}: that stops the instance and deletes its run directory.
 */
public final class PrivateService implements AutoCloseable {

    /** How long a script may take (a first start may install nothing: the shared start did). */
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private final Path script;
    private final Map<String, String> settings;
    private final Path runDirectory;
    private final Map<String, String> env;

    private PrivateService(Path script, Map<String, String> settings, Path runDirectory) {
        this.script = script;
        this.settings = settings;
        this.runDirectory = runDirectory;
        run("start");
        this.env = parseExports(run("env"));
    }

    /**
     * Starts {@code scripts/services/<name>} in a fresh run directory.
     *
     * @param repositoryRoot the directory holding {@code scripts/services}
     * @param name the script's name ({@code postgresql}, {@code mariadb}, {@code authdaemond})
     * @param settings further variables for the script, such as {@code JSASL_PGSQL_PORT}
     */
    public static PrivateService start(Path repositoryRoot, String name, Map<String, String> settings) {
        Path script = repositoryRoot.resolve("scripts/services").resolve(name);
        try {
            // Under /tmp (not the test's temp dir): the server runs as its own user, which must reach it.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "jsasl-private-" + name + "-");
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            Map<String, String> all = new HashMap<>(settings);
            all.put("JSASL_SERVICES_DIR", dir.toString());
            return new PrivateService(script, Map.copyOf(all), dir);
        } catch (IOException e) {
            throw new AssertionError("cannot make a run directory for a private " + name + ": " + e, e);
        }
    }

    /**
     * The repository root: the nearest directory, from the working directory up (Maven runs tests
     * in the module's directory), that holds {@code scripts/services}.
     */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("scripts/services"))) {
                return dir;
            }
        }
        throw new AssertionError("no directory holding scripts/services above " + start);
    }

    /** A loopback TCP port nobody listens on now, for a private server. */
    public static int freePort() {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port: " + e, e);
        }
    }

    /** The variables the script's {@code env} prints for this instance ({@code JSASL_PGSQL_PORT}, ...). */
    public Map<String, String> env() {
        return env;
    }

    /** One of {@link #env()}; fails the test when the script does not print it. */
    public String get(String name) {
        String v = env.get(name);
        if (v == null) {
            throw new AssertionError(script.getFileName() + " env prints no " + name + ": " + env.keySet());
        }
        return v;
    }

    /** The instance's run directory ({@code JSASL_SERVICES_DIR}). */
    public Path runDirectory() {
        return runDirectory;
    }

    /** Runs the script with {@code verb} ({@code stop}, {@code resume}) for this instance; returns its output. */
    public String run(String verb) {
        Path output = null;
        try {
            output = Files.createTempFile("jsasl-private-service-", ".log");
            ProcessBuilder pb = new ProcessBuilder(script.toString(), verb)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(settings);
            Process process = pb.start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(script + " " + verb + " (private) did not finish within "
                        + SCRIPT_TIMEOUT_SECONDS + " s: " + Files.readString(output));
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " " + verb + " (private) failed (exit " + process.exitValue()
                        + "): " + out.strip());
            }
            return out;
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

    /**
     * The pid in a pid file of the instance (PostgreSQL's {@code postmaster.pid} holds it on its
     * first line), or empty when the file is missing or its process is gone.
     */
    public static Optional<ProcessHandle> processFromPidFile(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends {@code signal} ({@code KILL}, {@code STOP}, {@code CONT}) to a process and, when
     * {@code tree}, to all its descendants first, with kill(1): the JDK only has SIGTERM/SIGKILL.
     */
    public static void signal(ProcessHandle process, String signal, boolean tree) {
        List<String> pids = Stream.concat(tree ? process.descendants() : Stream.empty(), Stream.of(process))
                .map(p -> Long.toString(p.pid())).toList();
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kill -" + signal + " did not finish");
            }
            // A process that exited in between makes kill fail for that pid only: not an error here.
        } catch (IOException e) {
            throw new AssertionError("cannot run kill: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending SIG" + signal, e);
        }
    }

    /** Stops the instance and deletes its run directory. */
    @Override
    public void close() {
        try {
            run("stop");
        } finally {
            try (Stream<Path> files = Files.walk(runDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Best effort: /tmp is cleaned anyway.
            }
        }
    }

    /** The {@code export NAME=value} lines of a script's {@code env} (values maybe in single quotes). */
    static Map<String, String> parseExports(String text) {
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (!line.startsWith("export ") || line.indexOf('=') < 0) {
                continue;
            }
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            String value = assignment.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(assignment.substring(0, eq), value);
        }
        return Map.copyOf(env);
    }

    @Override
    public String toString() {
        return "PrivateService[" + script.getFileName() + " in " + runDirectory + "]";
    }
}
