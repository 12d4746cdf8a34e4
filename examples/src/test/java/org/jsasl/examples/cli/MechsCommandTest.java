package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.security.Security;
import java.util.List;
import javax.security.sasl.Sasl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MechsCommandTest {

    @TempDir
    Path dir;

    private String conf(String... lines) throws IOException {
        return TestConfigs.write(dir, "smtpd.conf", lines).toString();
    }

    private static void assertMechs(CliResult r, String... expected) {
        assertEquals(List.of(expected), r.outLines(), r::toString);
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void listsMechanismsInMechListOrder() throws IOException {
        assertMechs(CliResult.run("", "mechs", "--config", conf("mech_list: login plain")), "LOGIN", "PLAIN");
        assertMechs(CliResult.run("", "mechs", "--config", conf("mech_list: PLAIN LOGIN")), "PLAIN", "LOGIN");
    }

    @Test
    void withoutMechListListsEveryInstalledMechanismInDefaultOrder() throws IOException {
        assertMechs(CliResult.run("", "mechs", "--config", conf("pwcheck_method: testusers")), "PLAIN", "LOGIN");
    }

    @Test
    void uninstalledNamesInMechListAreSkipped() throws IOException {
        assertMechs(CliResult.run("", "mechs", "--config", conf("mech_list: NTLM login")), "LOGIN");
    }

    @Test
    void doesNotNeedAWorkingPasswordVerifier() throws IOException {
        // Cyrus' default auxprop with no property source: check would refuse this file, mechs must not.
        assertMechs(CliResult.run("", "mechs", "--config", conf("mech_list: PLAIN LOGIN", "pwcheck_method: auxprop")),
                "PLAIN", "LOGIN");
    }

    @Test
    void noplaintextPolicyListsNothing() throws IOException {
        CliResult r = CliResult.run("", "mechs", "--config", conf("mech_list: login plain", "pwcheck_method: testusers"), "--policy", "noplaintext");
        assertEquals("", r.out());
        assertEquals("", r.err());
        assertEquals(0, r.exit());
    }

    @Test
    void policyTheMechanismsSatisfyListsThem() throws IOException {
        assertMechs(CliResult.run("", "mechs", "--config", conf("mech_list: login plain"), "--policy",
                "noanonymous,pass_credentials"), "LOGIN", "PLAIN");
    }

    @Test
    void unknownPolicyKeywordExits64() throws IOException {
        CliResult.run("", "mechs", "--config", conf("mech_list: plain"), "--policy", "noanonymous,nosuchthing")
                .assertUsageError().assertErrContains("unknown security option 'nosuchthing'");
    }

    @Test
    void jdkDisabledMechanismsAreDropped() throws IOException {
        // The JDK's Sasl class reads the property once; let it read the real value before we change it.
        Sasl.getSaslServerFactories();
        String key = MechsCommand.DISABLED_MECHANISMS;
        String saved = Security.getProperty(key);
        Security.setProperty(key, " LOGIN , CRAM-MD5");
        try {
            assertMechs(CliResult.run("", "mechs", "--config", conf("mech_list: login plain")), "PLAIN");
        } finally {
            Security.setProperty(key, saved == null ? "" : saved);
        }
    }

    @Test
    void operandExits64() throws IOException {
        CliResult.run("", "mechs", "--config", conf("mech_list: plain"), "smtpd").assertUsageError();
    }
}
