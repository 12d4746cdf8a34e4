package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.security.sasl.Sasl;
import org.jsasl.testkit.FakeMechanism;
import org.junit.jupiter.api.Test;

class SecurityPolicyTest {

    private static final FakeMechanism PLAIN = FakeMechanism.plainLike("PLAIN");

    private static boolean permits(String property, Object value) {
        return SecurityPolicy.fromProperties(Map.of(property, value)).permits(PLAIN);
    }

    @Test
    void noPolicyPermitsPlain() {
        assertTrue(SecurityPolicy.fromProperties(null).permits(PLAIN));
        assertTrue(SecurityPolicy.fromProperties(Map.of()).permits(PLAIN));
    }

    @Test
    void noplaintextExcludesPlainWhetherStringOrBoolean() {
        assertFalse(permits(Sasl.POLICY_NOPLAINTEXT, "true"));
        assertFalse(permits(Sasl.POLICY_NOPLAINTEXT, Boolean.TRUE));
        assertFalse(permits(Sasl.POLICY_NOPLAINTEXT, "TRUE"));
        assertTrue(permits(Sasl.POLICY_NOPLAINTEXT, "false"));
        assertTrue(permits(Sasl.POLICY_NOPLAINTEXT, Boolean.FALSE));
    }

    @Test
    void cyrusFlagsOfPlainDecideEveryPolicy() {
        assertTrue(permits(Sasl.POLICY_NOANONYMOUS, "true"));
        assertTrue(permits(Sasl.POLICY_PASS_CREDENTIALS, Boolean.TRUE), "Cyrus: PLAIN passes credentials");
        assertFalse(permits(Sasl.POLICY_NOACTIVE, "true"));
        assertFalse(permits(Sasl.POLICY_NODICTIONARY, Boolean.TRUE));
        assertFalse(permits(Sasl.POLICY_FORWARD_SECRECY, "true"));
    }

    @Test
    void qopWithoutPlainAuthNeedsASecurityLayer() {
        assertFalse(permits(Sasl.QOP, "auth-int,auth-conf"));
        assertTrue(permits(Sasl.QOP, "auth-conf, auth"));
        assertTrue(new SecurityPolicy(Set.of(), true)
                .permits(new FakeMechanism("X", Set.of(), true)));
    }

    @Test
    void nonStringKeysAndValuesAreTolerated() {
        Map<String, Object> props = new HashMap<>();
        props.put(Sasl.POLICY_NOPLAINTEXT, 42);
        props.put("unrelated", new Object());
        assertTrue(SecurityPolicy.fromProperties(props).permits(PLAIN));
    }

    @Test
    void keywordsParseAsPostfixWritesThem() {
        assertEquals(Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.NOPLAINTEXT),
                SecurityPolicy.parse("noanonymous, noplaintext").required());
        assertEquals(Set.of(), SecurityPolicy.parse("").required());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecurityPolicy.parse("nonsense"));
        assertTrue(e.getMessage().contains("'nonsense'"));
    }
}
