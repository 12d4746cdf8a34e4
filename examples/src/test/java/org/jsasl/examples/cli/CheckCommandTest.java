package org.jsasl.examples.cli;

import static org.jsasl.examples.cli.TestConfigs.ALICE_PW;
import static org.jsasl.examples.cli.TestConfigs.BOB_PW;
import static org.jsasl.examples.cli.TestConfigs.CAROL_PW;
import static org.jsasl.examples.cli.TestConfigs.REALM_ALICE_PW;
import static org.jsasl.examples.cli.TestConfigs.WRONG_PW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCommandTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = TestConfigs.testUsers(dir, "PLAIN LOGIN").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void rightPasswordIsOkAndExitsZero(String mech) {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--mech", mech, "alice").assertVerdict("OK", 0);
        CliResult.run(BOB_PW + "\n", "check", "--config", config, "--mech", mech, "bob").assertVerdict("OK", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void wrongPasswordIsNoAndExitsOne(String mech) {
        CliResult.run(WRONG_PW + "\n", "check", "--config", config, "--mech", mech, "alice")
                .assertVerdict("NO: " + mech + ": authentication failed", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void anotherUsersPasswordIsNo(String mech) {
        CliResult.run(BOB_PW + "\n", "check", "--config", config, "--mech", mech, "alice")
                .assertVerdict("NO: " + mech + ": authentication failed", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void unknownUserIsNoAndExitsOne(String mech) {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--mech", mech, "mallory")
                .assertVerdict("NO: " + mech + ": authentication failed", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void backendDownIsTempfailAndExitsTwo(String mech) {
        CliResult r = CliResult.run(CAROL_PW + "\n", "check", "--config", config, "--mech", mech, "carol");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertEquals(1, r.outLines().size(), r::toString);
        assertTrue(r.outLines().get(0).startsWith("TEMPFAIL: " + mech + ": "), r::toString);
        assertTrue(r.out().contains("down"), r::toString);
    }

    @Test
    void defaultMechanismIsPlain() throws IOException {
        String loginOnly = TestConfigs.testUsers(dir, "login-only.conf", "LOGIN").toString();
        CliResult.run(ALICE_PW + "\n", "check", "--config", loginOnly, "alice")
                .assertVerdict("NO: mechanism PLAIN is not enabled", 1);
    }

    @Test
    void mechanismNotInMechListIsNotEnabled() throws IOException {
        String plainOnly = TestConfigs.testUsers(dir, "plain-only.conf", "PLAIN").toString();
        CliResult.run(ALICE_PW + "\n", "check", "--config", plainOnly, "--mech", "LOGIN", "alice")
                .assertVerdict("NO: mechanism LOGIN is not enabled", 1);
    }

    @Test
    void mechanismNameIsCaseInsensitive() {
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--mech", "login", "alice").assertVerdict("OK", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void realmIsAppendedToTheUserName(String mech) {
        CliResult.run(REALM_ALICE_PW + "\n", "check", "--config", config, "--mech", mech, "--realm", "example.org",
                "alice").assertVerdict("OK", 0);
        // Proves that the realm changed the user: the bare alice's password no longer works.
        CliResult.run(ALICE_PW + "\n", "check", "--config", config, "--mech", mech, "--realm", "example.org",
                "alice").assertVerdict("NO: " + mech + ": authentication failed", 1);
    }

    @Test
    void userWithRealmIsLeftAloneByRealmOption() {
        CliResult.run(REALM_ALICE_PW + "\n", "check", "--config", config, "--realm", "example.net",
                "alice@example.org").assertVerdict("OK", 0);
    }

    @Test
    void optionsMayFollowTheUserAndUseEquals() {
        CliResult.run(ALICE_PW + "\n", "check", "alice", "--config=" + config, "--service=imap", "--mech=LOGIN")
                .assertVerdict("OK", 0);
    }

    @Test
    void crlfLineEndIsStripped() {
        CliResult.run(ALICE_PW + "\r\n", "check", "--config", config, "alice").assertVerdict("OK", 0);
    }

    @Test
    void passwordWithoutLineEndIsRead() {
        CliResult.run(ALICE_PW, "check", "--config", config, "alice").assertVerdict("OK", 0);
    }

    @Test
    void onlyTheFirstLineIsThePassword() {
        CliResult.run(ALICE_PW + "\n" + BOB_PW + "\n", "check", "--config", config, "alice").assertVerdict("OK", 0);
    }

    @Test
    void passwordWithTrailingSpaceIsNotTrimmed() {
        CliResult.run(ALICE_PW + " \n", "check", "--config", config, "alice")
                .assertVerdict("NO: PLAIN: authentication failed", 1);
    }

    @Test
    void emptyPasswordIsNo() {
        CliResult.run("\n", "check", "--config", config, "alice").assertVerdict("NO: PLAIN: empty password", 1);
    }

    @Test
    void noPasswordOnStdinIsAUsageError() {
        CliResult.run("", "check", "--config", config, "alice").assertUsageError().assertErrContains("no password");
    }

    @Test
    void passwordOf4096BytesIsAccepted() {
        String longPw = "x".repeat(4096);
        // Longer than PLAIN's 1024-byte field, so the server refuses it; the point is that the line is read.
        CliResult r = CliResult.run(longPw + "\r\n", "check", "--config", config, "alice");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().startsWith("NO: "), r::toString);
        assertTrue(!r.out().contains(longPw) && !r.err().contains(longPw), "password printed");
    }

    @Test
    void passwordLineLongerThan4096BytesIsAUsageError() {
        String longPw = "y".repeat(4097);
        CliResult r = CliResult.run(longPw + "\n", "check", "--config", config, "alice")
                .assertUsageError().assertErrContains("longer than 4096 bytes");
        assertTrue(!r.err().contains(longPw), "password printed");
    }

    @Test
    void passwordThatIsNotUtf8IsAUsageError() {
        byte[] stdin = {(byte) 0xC3, (byte) 0x28, '\n'};
        CliResult.run(stdin, "check", "--config", config, "alice").assertUsageError().assertErrContains("UTF-8");
    }

    @Test
    void nonAsciiPasswordIsSentAsUtf8() throws IOException {
        String pw = "p\u00e4ssw\u00f6rd-\u20ac";
        String conf = TestConfigs.write(dir, "utf8.conf", "pwcheck_method: testusers", "testusers: dora=" + pw)
                .toString();
        byte[] stdin = (pw + "\n").getBytes(StandardCharsets.UTF_8);
        CliResult.run(stdin, "check", "--config", conf, "dora").assertVerdict("OK", 0);
        CliResult.run(stdin, "check", "--config", conf, "--mech", "LOGIN", "dora")
                .assertVerdict("OK", 0);
    }
}
