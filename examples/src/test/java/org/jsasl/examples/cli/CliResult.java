package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What one in-process run of the command line printed and returned, with the checks every test makes. */
record CliResult(int exit, String out, String err) {

    /** Every password the tests use, right or wrong: none may ever be printed. */
    static final List<String> PASSWORDS = List.of(TestConfigs.ALICE_PW, TestConfigs.BOB_PW, TestConfigs.CAROL_PW,
            TestConfigs.REALM_ALICE_PW, TestConfigs.WRONG_PW);

    /** Runs {@code jsasl args...} with {@code stdin} as standard input. */
    static CliResult run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs {@code jsasl args...} with raw bytes as standard input. */
    static CliResult run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = JsaslCli.run(args, new ByteArrayInputStream(stdin), o, e);
        }
        CliResult r = new CliResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        r.assertNoPasswordPrinted();
        return r;
    }

    /** The lines printed on standard output. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** Asserts a single verdict line on standard output, nothing on standard error, and the exit status. */
    CliResult assertVerdict(String line, int exitCode) {
        assertEquals(line + System.lineSeparator(), out, this::toString);
        assertEquals("", err, this::toString);
        assertEquals(exitCode, exit, this::toString);
        return this;
    }

    /** Asserts a usage error: exit 64, nothing on standard output, one message starting with {@code jsasl: }. */
    CliResult assertUsageError() {
        assertEquals(64, exit, this::toString);
        assertEquals("", out, this::toString);
        assertTrue(err.startsWith("jsasl: "), this::toString);
        return this;
    }

    /** Asserts that standard error contains {@code text}. */
    CliResult assertErrContains(String text) {
        assertTrue(err.contains(text), () -> "expected '" + text + "' in " + this);
        return this;
    }

    private void assertNoPasswordPrinted() {
        for (String pw : PASSWORDS) {
            assertFalse(out.contains(pw), () -> "password printed on stdout: " + this);
            assertFalse(err.contains(pw), () -> "password printed on stderr: " + this);
        }
    }
}
