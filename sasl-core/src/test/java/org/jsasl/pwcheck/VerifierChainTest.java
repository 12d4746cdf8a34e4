package org.jsasl.pwcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsasl.server.CanonicalUser;
import org.junit.jupiter.api.Test;

class VerifierChainTest {

    private final List<String> calls = new ArrayList<>();

    private PasswordVerifier answering(String name, VerifyResult result) {
        return request -> {
            calls.add(name);
            return result;
        };
    }

    private VerifyResult run(Map<String, PasswordVerifier> verifiers) {
        byte[] pw = {'p'};
        try (Password p = Password.copyOf(pw, 0, 1)) {
            return new VerifierChain(verifiers).verify(new VerifyRequest(new CanonicalUser("u", "u", "r"), p, "smtp"));
        }
    }

    private static Map<String, PasswordVerifier> ordered(Object... nameAndVerifier) {
        Map<String, PasswordVerifier> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndVerifier.length; i += 2) {
            m.put((String) nameAndVerifier[i], (PasswordVerifier) nameAndVerifier[i + 1]);
        }
        return m;
    }

    @Test
    void triedInOrderUntilOneAccepts() {
        VerifyResult r = run(ordered("a", answering("a", new VerifyResult.Rejected("no")),
                "b", answering("b", VerifyResult.accepted()), "c", answering("c", VerifyResult.accepted())));
        assertInstanceOf(VerifyResult.Accepted.class, r);
        assertEquals(List.of("a", "b"), calls);
    }

    @Test
    void allRejectingGivesARejectionNamingEach() {
        VerifyResult r = run(ordered("a", answering("a", new VerifyResult.Rejected("no such user")),
                "b", answering("b", new VerifyResult.Rejected("wrong password"))));
        assertEquals(new VerifyResult.Rejected("a: no such user; b: wrong password"), r);
    }

    @Test
    void anUnavailableVerifierMakesARejectionUnavailable() {
        VerifyResult r = run(ordered("authdaemond", answering("a", new VerifyResult.Unavailable("socket missing", null)),
                "auxprop", answering("b", new VerifyResult.Rejected("no such user"))));
        assertEquals(new VerifyResult.Unavailable("authdaemond: socket missing", null), r);
    }

    @Test
    void anAcceptAfterAnUnavailableVerifierIsAnAccept() {
        VerifyResult r = run(ordered("a", answering("a", new VerifyResult.Unavailable("down", null)),
                "b", answering("b", VerifyResult.accepted())));
        assertInstanceOf(VerifyResult.Accepted.class, r);
    }

    @Test
    void aVerifierThatThrowsIsUnavailableNeverAccepted() {
        PasswordVerifier broken = request -> {
            throw new IllegalStateException("bug");
        };
        assertInstanceOf(VerifyResult.Unavailable.class, run(ordered("x", broken)));
    }

    @Test
    void aOneArgumentRejectionIsNotDisabledAndTheFactoryIs() {
        assertFalse(new VerifyResult.Rejected("wrong password").accountDisabled());
        assertTrue(VerifyResult.Rejected.disabled("off").accountDisabled());
        assertEquals("off", VerifyResult.Rejected.disabled("off").reason());
    }

    @Test
    void aSingleDisabledVerdictStaysDisabled() {
        VerifyResult r = run(ordered("a", answering("a", VerifyResult.Rejected.disabled("account off"))));
        assertEquals(VerifyResult.Rejected.disabled("account off"), r);
    }

    @Test
    void disabledWinsOverNoSuchUserAndWrongPasswordFromTheOthers() {
        VerifyResult before = run(ordered("a", answering("a", VerifyResult.Rejected.disabled("account off")),
                "b", answering("b", new VerifyResult.Rejected("no such user"))));
        assertEquals(VerifyResult.Rejected.disabled("a: account off; b: no such user"), before);
        VerifyResult after = run(ordered("a", answering("a", new VerifyResult.Rejected("wrong password")),
                "b", answering("b", VerifyResult.Rejected.disabled("account off"))));
        assertEquals(VerifyResult.Rejected.disabled("a: wrong password; b: account off"), after);
    }

    @Test
    void anAcceptAfterADisabledVerdictIsAnAccept() {
        VerifyResult r = run(ordered("a", answering("a", VerifyResult.Rejected.disabled("account off")),
                "b", answering("b", VerifyResult.accepted())));
        assertInstanceOf(VerifyResult.Accepted.class, r);
    }

    @Test
    void anUnavailableVerifierStillWinsOverDisabled() {
        VerifyResult r = run(ordered("a", answering("a", VerifyResult.Rejected.disabled("account off")),
                "b", answering("b", new VerifyResult.Unavailable("down", null))));
        assertEquals(new VerifyResult.Unavailable("b: down", null), r);
    }
}
