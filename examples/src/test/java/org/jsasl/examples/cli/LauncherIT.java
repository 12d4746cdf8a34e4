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
        return run(null, script, stdin, args);
    }

    private ProcessBuilder command(String javaOpts, Path script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JSASL_NO_BUILD", "1");
        pb.environment().remove("JSASL_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("JSASL_JAVA_OPTS", javaOpts);
        }
        return pb;
    }

    private Run run(String javaOpts, Path script, String stdin, String... args)
            throws IOException, InterruptedException {
        Process p = command(javaOpts, script, args).start();
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

    /** An smtpd.conf on an SQLite file holding alice with a cleartext password: what the shaded jar can check. */
    private Path sqliteConfig() throws Exception {
        Path db = dir.resolve("users.sqlite");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE mailbox (local_part TEXT, password TEXT, active CHAR(1))");
            st.executeUpdate("INSERT INTO mailbox VALUES ('alice', '" + TestConfigs.ALICE_PW + "', '1')");
        }
        return TestConfigs.write(dir, "sql.conf", "pwcheck_method: auxprop", "auxprop_plugin: sql",
                "sql_engine: sqlite3", "sql_database: users.sqlite",
                "sql_select: SELECT password FROM mailbox WHERE local_part = '%u' AND active = '1'");
    }

    @Test
    void checkBatchAnswersEachLineOfACoprocessBeforeItSendsTheNext() throws Exception {
        Process p = command(null, launcher, "check", "--config", sqliteConfig().toString(), "--batch").start();
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (var toCli = p.getOutputStream();
                var verdicts = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
            String[][] conversation = {
                {"alice\t" + TestConfigs.ALICE_PW, "OK"},
                {"alice\t" + TestConfigs.WRONG_PW, "NO: PLAIN: authentication failed"},
                {"nobody\t" + TestConfigs.ALICE_PW, "NO: PLAIN: authentication failed"},
                {"alice\t" + TestConfigs.ALICE_PW, "OK"},
            };
            for (String[] turn : conversation) {
                toCli.write((turn[0] + "\n").getBytes(StandardCharsets.UTF_8));
                toCli.flush();
                // A bound, so that a verdict held back fails the test instead of hanging it.
                assertEquals(turn[1], reader.submit(verdicts::readLine).get(60, TimeUnit.SECONDS), turn[0]);
            }
            toCli.close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/jsasl did not finish");
            assertEquals(1, p.exitValue());
        } finally {
            reader.shutdownNow();
            p.destroyForcibly();
        }
    }

    @Test
    void checkBatchStillHonoursJdkSaslDisabledMechanisms() throws Exception {
        Path security = dir.resolve("java.security");
        Files.writeString(security, "jdk.sasl.disabledMechanisms=PLAIN\n");
        String conf = sqliteConfig().toString();
        String input = "alice\t" + TestConfigs.ALICE_PW + "\n";
        Run disabled = run("-Djava.security.properties=" + security, launcher, input, "check", "--config", conf,
                "--batch");
        assertEquals(List.of("NO: mechanism PLAIN is not enabled"), disabled.out().lines().toList(), disabled::toString);
        assertEquals(1, disabled.exit());
        Run login = run("-Djava.security.properties=" + security, launcher, input, "check", "--config", conf,
                "--batch", "--mech", "LOGIN");
        assertEquals(List.of("OK"), login.out().lines().toList(), login::toString);
    }
}
