package org.jsasl.examples.cli;

import static org.jsasl.examples.cli.TestConfigs.ALICE_PW;
import static org.jsasl.examples.cli.TestConfigs.BOB_PW;
import static org.jsasl.examples.cli.TestConfigs.CAROL_PW;
import static org.jsasl.examples.cli.TestConfigs.REALM_ALICE_PW;
import static org.jsasl.examples.cli.TestConfigs.WRONG_PW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckBatchTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = TestConfigs.testUsers(dir, "PLAIN LOGIN").toString();
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void allOkExitsZero() {
        CliResult r = CliResult.run(lines("alice\t" + ALICE_PW, "bob\t" + BOB_PW), "check", "--config", config, "--batch");
        assertEquals(List.of("OK", "OK"), r.outLines(), r::toString);
        assertEquals("", r.err());
        assertEquals(0, r.exit());
    }

    @Test
    void mixedLinesGiveOneVerdictEachInOrderAndTheMalformedLineIsNo() {
        CliResult r = CliResult.run(lines(
                "alice\t" + ALICE_PW,
                "alice\t" + WRONG_PW,
                "no tab on this line",
                "mallory\t" + BOB_PW,
                "bob\t" + BOB_PW), "check", "--config", config, "--batch");
        assertEquals(List.of(
                "OK",
                "NO: PLAIN: authentication failed",
                "NO: malformed line",
                "NO: PLAIN: authentication failed",
                "OK"), r.outLines(), r::toString);
        assertEquals("", r.err());
        assertEquals(1, r.exit());
    }

    @Test
    void tempfailBeatsNoInTheExitStatus() {
        CliResult r = CliResult.run(lines(
                "carol\t" + CAROL_PW,
                "alice\t" + WRONG_PW,
                "garbage",
                "alice\t" + ALICE_PW), "check", "--config", config, "--batch", "--mech", "LOGIN");
        assertEquals(4, r.outLines().size(), r::toString);
        assertEquals("TEMPFAIL: LOGIN: testusers: test backend is down", r.outLines().get(0));
        assertEquals(List.of("NO: LOGIN: authentication failed", "NO: malformed line", "OK"),
                r.outLines().subList(1, 4));
        assertEquals(2, r.exit());
    }

    @Test
    void onlyTempfailsExitTwo() {
        CliResult r = CliResult.run(lines("carol\t" + CAROL_PW, "alice\t" + ALICE_PW), "check", "--config", config,
                "--batch");
        assertEquals(2, r.exit(), r::toString);
    }

    @Test
    void emptyInputPrintsNothingAndExitsZero() {
        CliResult r = CliResult.run("", "check", "--config", config, "--batch");
        assertEquals("", r.out());
        assertEquals(0, r.exit());
    }

    @Test
    void emptyLineIsMalformed() {
        CliResult r = CliResult.run(lines("alice\t" + ALICE_PW, "", "bob\t" + BOB_PW), "check", "--config", config,
                "--batch");
        assertEquals(List.of("OK", "NO: malformed line", "OK"), r.outLines(), r::toString);
        assertEquals(1, r.exit());
    }

    @Test
    void lineIsSplitAtTheFirstTabAndCrlfIsStripped() throws IOException {
        String conf = TestConfigs.write(dir, "tab.conf", "pwcheck_method: testusers",
                "testusers: alice=" + ALICE_PW).toString();
        CliResult r = CliResult.run("alice\t" + ALICE_PW + "\r\nalice\t\t" + ALICE_PW + "\r\n", "check", "--config",
                conf, "--batch");
        assertEquals(List.of("OK", "NO: PLAIN: authentication failed"), r.outLines(), r::toString);
    }

    @Test
    void lastLineWithoutLineEndIsChecked() {
        CliResult r = CliResult.run("alice\t" + ALICE_PW + "\nbob\t" + BOB_PW, "check", "--config", config, "--batch");
        assertEquals(List.of("OK", "OK"), r.outLines(), r::toString);
    }

    @Test
    void tooLongLineIsNoAndTheNextLineIsStillChecked() {
        String huge = "alice\t" + "z".repeat(5000);
        CliResult r = CliResult.run(lines("bob\t" + BOB_PW, huge, "alice\t" + ALICE_PW), "check", "--config", config,
                "--batch");
        assertEquals(List.of("OK", "NO: line longer than 4096 bytes", "OK"), r.outLines(), r::toString);
        assertEquals(1, r.exit());
    }

    @Test
    void realmAppliesToEveryLine() {
        CliResult r = CliResult.run(lines("alice\t" + REALM_ALICE_PW, "alice@example.org\t" + REALM_ALICE_PW,
                "alice\t" + ALICE_PW), "check", "--config", config, "--realm", "example.org", "--batch");
        assertEquals(List.of("OK", "OK", "NO: PLAIN: authentication failed"), r.outLines(), r::toString);
    }

    @Test
    void mechanismNotEnabledIsNoForEveryLine() throws IOException {
        String plainOnly = TestConfigs.testUsers(dir, "plain-only.conf", "PLAIN").toString();
        CliResult r = CliResult.run(lines("alice\t" + ALICE_PW, "bob\t" + BOB_PW), "check", "--config", plainOnly,
                "--mech", "LOGIN", "--batch");
        assertEquals(List.of("NO: mechanism LOGIN is not enabled", "NO: mechanism LOGIN is not enabled"),
                r.outLines());
        assertEquals(1, r.exit());
    }
}
