package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserCanonicalizerTest {

    private static final UserCanonicalizer NO_REALM = new UserCanonicalizer(null, "Mail.Example.COM");
    private static final UserCanonicalizer REALM = new UserCanonicalizer("example.org", "mail.example.com");

    @Test
    void surroundingWhiteSpaceIsTrimmed() {
        assertEquals("bob", NO_REALM.canonicalize(" \tbob\r\n").authid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void emptyAfterTrimIsRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> NO_REALM.canonicalize(name));
    }

    @Test
    void cyrusWhitespaceBugIsNotCopied() {
        // Cyrus 2.1.28 refuses " a" and "  ab" and accepts "   " as the empty name.
        assertEquals("a", NO_REALM.canonicalize(" a").authid());
        assertEquals("ab", NO_REALM.canonicalize("  ab").authid());
    }

    @Test
    void userRealmIsAppendedToBareNames() {
        CanonicalUser u = REALM.canonicalize("bob");
        assertEquals(new CanonicalUser("bob@example.org", "bob", "example.org"), u);
        assertEquals("bob@other.net", REALM.canonicalize("bob@other.net").authid());
    }

    @Test
    void emptyUserRealmAppendsNothing() {
        assertEquals("bob", new UserCanonicalizer("", "host").canonicalize("bob").authid());
    }

    @Test
    void realmSplitsAtTheFirstAtSignAsCyrusSqlDoes() {
        assertEquals(new CanonicalUser("a@b@c", "a", "b@c"), NO_REALM.canonicalize("a@b@c"));
    }

    @Test
    void serverNameLowerCasedIsTheDefaultRealm() {
        assertEquals(new CanonicalUser("bob", "bob", "mail.example.com"), NO_REALM.canonicalize("bob"));
    }

    @Test
    void canonicalNameIsLimitedTo1024Bytes() {
        assertEquals(1024, NO_REALM.canonicalize("x".repeat(1024)).authid().length());
        assertThrows(IllegalArgumentException.class, () -> NO_REALM.canonicalize("x".repeat(1025)));
        // The realm counts: 1012 + "@example.org" (12) = 1024 fits, one more does not.
        assertEquals(1024, REALM.canonicalize("x".repeat(1012)).authid().length());
        assertThrows(IllegalArgumentException.class, () -> REALM.canonicalize("x".repeat(1013)));
        // Bytes, not characters: 342 three-byte characters are 1026 bytes.
        assertThrows(IllegalArgumentException.class, () -> NO_REALM.canonicalize("\u20ac".repeat(342)));
    }
}
