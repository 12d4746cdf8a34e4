package org.jsasl.examples.cli;

import static org.jsasl.examples.cli.TestConfigs.ALICE_PW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageErrorsTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = TestConfigs.testUsers(dir, "PLAIN LOGIN").toString();
    }

    @Test
    void helpPrintsTheUsageOnStdoutAndExitsZero() {
        CliResult r = CliResult.run("", "--help");
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("usage: jsasl <command>"), r::toString);
        assertTrue(r.out().contains("  check --config FILE"), r::toString);
        assertTrue(r.out().contains("  mechs --config FILE"), r::toString);
        assertEquals(r.out(), CliResult.run("", "check", "--help").out());
    }

    @Test
    void noArgumentsPrintTheUsageOnStderrAndExit64() {
        CliResult r = CliResult.run("");
        assertEquals(64, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("usage: jsasl <command>"), r::toString);
    }

    @Test
    void unknownCommandExits64() {
        CliResult.run("", "frobnicate", "--config", config).assertUsageError().assertErrContains("unknown command 'frobnicate'");
    }

    @Test
    void missingUserExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config).assertUsageError().assertErrContains("missing USER");
    }

    @Test
    void userAndBatchTogetherExit64() {
        CliResult.run("", "check", "--config", config, "--batch", "alice").assertUsageError();
    }

    @Test
    void twoUsersExit64() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "alice", "bob").assertUsageError()
                .assertErrContains("'bob'");
    }

    @Test
    void unknownOptionExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--verbose", "alice").assertUsageError()
                .assertErrContains("unknown option '--verbose'");
        CliResult.run("", "mechs", "--config", config, "--mech", "PLAIN").assertUsageError()
                .assertErrContains("unknown option '--mech'");
    }

    @Test
    void optionWithoutValueExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "alice", "--config").assertUsageError()
                .assertErrContains("--config needs a value");
    }

    @Test
    void optionGivenTwiceExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--mech", "PLAIN", "--mech", "LOGIN", "alice")
                .assertUsageError().assertErrContains("given twice");
    }

    @Test
    void missingConfigExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "alice").assertUsageError().assertErrContains("missing --config");
        CliResult.run("", "mechs").assertUsageError().assertErrContains("missing --config");
    }

    @Test
    void emptyServiceExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--service", "", "alice").assertUsageError();
    }

    @Test
    void unknownMechanismExits64() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--mech", "NTLM", "alice").assertUsageError()
                .assertErrContains("unknown mechanism 'NTLM'");
    }

    @Test
    void configSyntaxErrorExits64NamingTheFileAndLine() throws IOException {
        Path bad = TestConfigs.write(dir, "bad.conf", "pwcheck_method: testusers", "mech_list : PLAIN");
        for (String[] args : new String[][] {
                {"check", "--config", bad.toString(), "alice"},
                {"check", "--config", bad.toString(), "--batch"},
                {"mechs", "--config", bad.toString()}}) {
            CliResult.run(ALICE_PW + "\n", args).assertUsageError()
                    .assertErrContains("jsasl: " + bad + ":2: mech_list: expected ':' right after the key");
        }
    }

    @Test
    void missingConfigFileExits64NamingTheFile() {
        String missing = dir.resolve("nosuch.conf").toString();
        CliResult.run(ALICE_PW + "\n", "check", "--config", missing, "alice").assertUsageError()
                .assertErrContains(missing + ": cannot read the file");
        CliResult.run("", "mechs", "--config", missing).assertUsageError()
                .assertErrContains(missing + ": cannot read the file");
    }

    @Test
    void configWithoutUsableVerifierExits64() throws IOException {
        Path conf = TestConfigs.write(dir, "noverifier.conf", "pwcheck_method: nosuch", "mech_list: PLAIN");
        CliResult.run(ALICE_PW + "\n", "check", "--config", conf.toString(), "alice").assertUsageError()
                .assertErrContains("no installed password verifier");
    }

    @Test
    void configErrorIsReportedBeforeStdinIsRead() throws IOException {
        Path bad = TestConfigs.write(dir, "bad.conf", "testusers alice");
        // An over-long password line would be a usage error of its own; the configuration wins.
        CliResult.run("x".repeat(10_000) + "\n", "check", "--config", bad.toString(), "alice").assertUsageError()
                .assertErrContains(bad + ":1");
    }
}
