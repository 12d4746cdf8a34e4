package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bin/jsasl as a real process, from elsewhere and through a symlink, when a previous
 * {@code package} left the shaded jar behind. It never lets the launcher build: a Maven build
 * inside this one would rewrite the classes under test.
 */
class LauncherIT {

    @TempDir
    Path dir;

    private Path launcher;

    @BeforeEach
    void findLauncher() {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        launcher = root.resolve("bin/jsasl");
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("examples/target/jsasl-cli.jar")),
                "examples/target/jsasl-cli.jar is not built yet");
        assertTrue(Files.isExecutable(launcher), launcher + " must be executable");
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(Path script, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JSASL_NO_BUILD", "1");
        pb.environment().remove("JSASL_JAVA_OPTS");
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        // Small outputs: the pipes' buffers hold them until the process has ended.
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/jsasl did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpRunsFromAnotherDirectoryThroughTheLauncher() throws Exception {
        Run r = run(launcher, "", "--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("usage: jsasl <command>"), r::toString);
        assertTrue(r.out().contains("check") && r.out().contains("mechs"), r::toString);
    }

    @Test
    void launcherWorksThroughASymlink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("jsasl-link"), launcher);
        Run r = run(link, "", "--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("usage: jsasl <command>"), r::toString);
    }

    @Test
    void shadedJarFindsBothMechanismsThroughMergedServiceFiles() throws Exception {
        Path conf = TestConfigs.write(dir, "smtpd.conf", "mech_list: login plain");
        Run r = run(launcher, "", "mechs", "--config", conf.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("LOGIN", "PLAIN"), r.out().lines().toList(), r::toString);
    }

    @Test
    void configurationErrorExits64() throws Exception {
        Path conf = TestConfigs.write(dir, "smtpd.conf", "mech_list: PLAIN LOGIN", "pwcheck_method: auxprop");
        Run r = run(launcher, TestConfigs.ALICE_PW + "\n", "check", "--config", conf.toString(), "alice");
        assertEquals(64, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().contains("jsasl: " + conf + ":2: pwcheck_method: 'auxprop' needs a property source"),
                r::toString);
        assertTrue(!r.err().contains(TestConfigs.ALICE_PW), "password printed");
    }
}
