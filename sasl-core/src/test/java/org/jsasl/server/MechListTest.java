package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.testkit.FakeMechanism;
import org.junit.jupiter.api.Test;

class MechListTest {

    private static final SaslMechanism PLAIN = FakeMechanism.plainLike("PLAIN");
    private static final SaslMechanism LOGIN = FakeMechanism.plainLike("LOGIN");
    private static final List<SaslMechanism> INSTALLED = List.of(PLAIN, LOGIN);

    private static List<SaslMechanism> select(String mechList) {
        return MechList.select(mechList == null ? SaslConfig.EMPTY : SaslConfig.of("mech_list", mechList), INSTALLED);
    }

    @Test
    void withoutMechListEveryInstalledMechanismInDefaultOrder() {
        assertEquals(INSTALLED, select(null));
    }

    @Test
    void mechListOrderIsKept() {
        assertEquals(List.of(LOGIN, PLAIN), select("LOGIN PLAIN"));
    }

    @Test
    void namesCompareWithoutCase() {
        assertEquals(List.of(LOGIN, PLAIN), select("login Plain"));
    }

    @Test
    void unknownNamesAreSkipped() {
        assertEquals(List.of(PLAIN), select("CRAM-MD5 PLAIN DIGEST-MD5"));
        assertEquals(List.of(), select("GSSAPI"));
    }

    @Test
    void plusSuffixIsIgnoredAndDuplicatesCollapse() {
        assertEquals(List.of(PLAIN, LOGIN), select("PLAIN-PLUS LOGIN plain"));
    }
}
