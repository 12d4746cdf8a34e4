package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** bin/jsasl hash: make hashes, verify a table of them, list the formats. */
class HashCommandTest {

    private static final String SHA512_OF_PASSWORD =
            "$6$IrIw5DTwhKPDxfh7$azqLt0a0RXhFBeZkb/gijkVgfKzMtYewiCE.gh6tWMRsSDn/RadP.pJ/2YCINGj0hezqLUJNalKcD0obirrFu.";

    @Test
    void defaultFormatIsSha512AndTheHashVerifies() {
        CliResult made = CliResult.run(TestConfigs.ALICE_PW + "\n", "hash");
        assertEquals(0, made.exit(), made::toString);
        String hash = made.out().trim();
        assertTrue(hash.startsWith("$6$"), hash);
        CliResult check = CliResult.run(TestConfigs.ALICE_PW + "\t" + hash + "\n", "hash", "--verify");
        check.assertVerdict("OK", 0);
    }

    @Test
    void eachFormatWithRounds() {
        for (String[] f : new String[][] {{"sha256", "5000", "$5$rounds=5000$"}, {"md5", null, "$1$"},
                {"des", null, ""}, {"sha512", "1000", "$6$rounds=1000$"}}) {
            CliResult r = f[1] == null ? CliResult.run("pw\n", "hash", "--format", f[0])
                    : CliResult.run("pw\n", "hash", "--format", f[0], "--rounds", f[1]);
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().startsWith(f[2]), r::toString);
            CliResult.run("pw\t" + r.out().trim() + "\n", "hash", "--verify").assertVerdict("OK", 0);
        }
    }

    @Test
    void verifyPrintsOneVerdictPerLineInOrder() {
        String input = "password\t" + SHA512_OF_PASSWORD + "\n"
                + "wrong\t" + SHA512_OF_PASSWORD + "\n"
                + "password\t$6$trunc\n"
                + "no tab here\n"
                + "password\t{SSHA}FHSxcxbjq3MLv1uDHG3KR7rjXIwBAnNhbHRzYWx0\n"
                + "pass\tword\t{PLAIN}pass\tword\n"
                + "password\t$9$nosuch$format\n";
        CliResult r = CliResult.run(input, "hash", "--verify");
        List<String> lines = r.outLines();
        assertEquals(7, lines.size(), r::toString);
        assertEquals("OK", lines.get(0));
        assertEquals("NO", lines.get(1));
        assertTrue(lines.get(2).startsWith("UNSUPPORTED: sha512crypt: malformed hash"), lines.get(2));
        assertEquals("UNSUPPORTED: malformed line (expected password<TAB>hash)", lines.get(3));
        assertEquals("OK", lines.get(4));
        assertTrue(lines.get(5).startsWith("UNSUPPORTED") || lines.get(5).equals("NO"),
                "split at the last TAB: the {PLAIN} value cannot hold a TAB");
        assertTrue(lines.get(6).startsWith("UNSUPPORTED: unknown or unsupported hash format ($9$)"), lines.get(6));
        assertEquals(1, r.exit());
        assertFalse(r.out().contains("no tab here") || r.out().contains("wrong"), "no password in the verdicts");
    }

    @Test
    void infoListsEveryFormatWithItsPath() {
        CliResult r = CliResult.run("", "hash", "--info");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("sha512crypt    $6$      java"), r.out());
        assertTrue(r.out().contains("descrypt       (none)   java"), r.out());
        assertTrue(r.out().matches("(?s).*yescrypt +\\$y\\$ +(native|unavailable).*"), r.out());
    }

    @Test
    void usageErrors() {
        CliResult.run("pw\n", "hash", "--format", "argon2").assertUsageError().assertErrContains("unknown hash format");
        CliResult.run("pw\n", "hash", "--rounds", "12x").assertUsageError();
        CliResult.run("pw\n", "hash", "--format", "sha512", "--rounds", "10").assertUsageError()
                .assertErrContains("1000 to 999999999");
        CliResult.run("", "hash").assertUsageError().assertErrContains("no password");
        CliResult.run("pw\n", "hash", "--verify", "--format", "md5").assertUsageError();
        CliResult.run("pw\n", "hash", "extra").assertUsageError();
    }
}
