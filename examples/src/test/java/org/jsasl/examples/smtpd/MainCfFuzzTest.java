package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): arbitrary text as the example SMTP server's Postfix-style {@code main.cf}
 * ({@link MainCf#parse}). The contract: a usable configuration, or an IllegalArgumentException whose
 * message says it is about main.cf (or names the key, {@code mynetworks:}); nothing else escapes, and
 * each file is read in bounded time (the {@link Timeout} below, libFuzzer's {@code -timeout} when
 * fuzzing) whatever its {@code $name} references. Regression inputs:
 * {@code src/test/resources/org/jsasl/examples/smtpd/MainCfFuzzTestInputs/}.
 */
class MainCfFuzzTest {

    static final Path DIR = Path.of("target", "main-cf-fuzz").toAbsolutePath();

    static {
        // Every fuzzed unknown key is warned about once: thousands of lines a second that would
        // only slow the fuzzer (slf4j-simple reads this when MainCf's logger is made; when another
        // test made it first, the warnings just stay).
        System.setProperty("org.slf4j.simpleLogger.log.org.jsasl.examples.smtpd.MainCf", "error");
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void mainCf(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        MainCf cf;
        try {
            cf = MainCf.parse(text, DIR);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && (m.startsWith("main.cf: ") || m.startsWith("mynetworks: ")),
                    "a refusal names main.cf or its key: " + m);
            return;
        }
        assertNotNull(cf.myhostname());
        assertNotNull(cf.idleTimeout());
        assertTrue(cf.lineLengthLimit() >= 80, "line_length_limit is bounded below");
    }
}
