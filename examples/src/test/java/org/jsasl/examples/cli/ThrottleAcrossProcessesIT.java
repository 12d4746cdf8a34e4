package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brute-force throttling shared through a real Redis by separate jsasl processes, as a cluster of
 * submission servers shares it: each wrong guess is a {@code bin/jsasl check} process of its own,
 * and once the guesses add up past the limit the next process refuses even the right password
 * (TEMPFAIL), which local counters (one per process) never would.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThrottleAcrossProcessesIT {

    @TempDir
    Path dir;

    private Path root;
    private String redis;

    @BeforeEach
    void prepare() throws IOException {
        redis = TestServices.require("Redis", List.of("JSASL_REDIS_URI")).get("JSASL_REDIS_URI");
        root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("examples/target/jsasl-cli.jar")),
                "examples/target/jsasl-cli.jar is not built yet");
        Files.copy(root.resolve("examples/conf/demo.sqlite"), dir.resolve("demo.sqlite"));
    }

    private Path config(String throttle) throws IOException {
        Path conf = dir.resolve(throttle + ".conf");
        Files.writeString(conf, Files.readString(root.resolve("examples/conf/smtpd.conf")) + String.join("\n",
                "jsasl_throttle: " + throttle,
                "jsasl_throttle_user_failures: 3",
                "jsasl_throttle_redis: " + redis,
                // A fresh key space per run: counts of earlier runs must not block this one.
                "jsasl_throttle_redis_prefix: jsasl:test:" + UUID.randomUUID() + ":", ""));
        return conf;
    }

    /** One {@code bin/jsasl check} process: its exit status (0 OK, 1 NO, 2 TEMPFAIL). */
    private int check(Path conf, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/jsasl").toString(), "check", "--config",
                conf.toString(), "testuser").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.txt").toFile()));
        pb.environment().put("JSASL_NO_BUILD", "1");
        pb.environment().remove("JSASL_JAVA_OPTS");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/jsasl check did not finish");
        return p.exitValue();
    }

    @Test
    void guessesFromSeparateProcessesAddUpInRedis() throws Exception {
        Path conf = config("redis");
        assertEquals(0, check(conf, "secret"), Files.readString(dir.resolve("out.txt")));
        for (int i = 0; i < 3; i++) {
            assertEquals(1, check(conf, "wrong"), Files.readString(dir.resolve("out.txt")));
        }
        assertEquals(2, check(conf, "secret"), "blocked across processes: " + Files.readString(dir.resolve("out.txt")));
        assertTrue(!Files.readString(dir.resolve("out.txt")).contains("secret"), "no password in the output");
    }

    @Test
    void localCountersAreEachProcessesOwn() throws Exception {
        Path conf = config("local");
        for (int i = 0; i < 3; i++) {
            assertEquals(1, check(conf, "wrong"));
        }
        assertEquals(0, check(conf, "secret"), Files.readString(dir.resolve("out.txt")));
    }
}
