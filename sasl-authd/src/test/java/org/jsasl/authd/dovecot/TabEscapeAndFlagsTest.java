package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.jsasl.server.SecurityFlag;
import org.junit.jupiter.api.Test;

/** Dovecot's tab-escaping both ways, and jsasl's security flags turned into Dovecot's MECH words. */
class TabEscapeAndFlagsTest {

    @Test
    void escapingCoversTabLfCrNulAndTheEscapeByteItself() {
        String raw = "a\tb\nc\rd\0e\001f";
        String escaped = TabEscape.escape(raw);
        assertEquals("a\001tb\001nc\001rd\0010e\0011f", escaped);
        assertEquals(raw, TabEscape.unescape(escaped));
        assertEquals("alice", TabEscape.escape("alice"));
        assertEquals("x", TabEscape.unescape("\001x"));
    }

    @Test
    void jsaslFlagsGiveDovecotsWordsForEachMechanism() {
        // Flag sets as jsasl's PLAIN/LOGIN, ANONYMOUS, CRAM-MD5, SCRAM and EXTERNAL declare them.
        assertEquals(List.of("plaintext"),
                MechanismFlags.words(Set.of(SecurityFlag.NOANONYMOUS, SecurityFlag.PASS_CREDENTIALS)));
        assertEquals(List.of("anonymous"), MechanismFlags.words(Set.of(SecurityFlag.NOPLAINTEXT)));
        assertEquals(List.of("dictionary", "active"),
                MechanismFlags.words(Set.of(SecurityFlag.NOPLAINTEXT, SecurityFlag.NOANONYMOUS)));
        assertEquals(List.of("mutual-auth"), MechanismFlags.words(Set.of(SecurityFlag.NOPLAINTEXT,
                SecurityFlag.NOACTIVE, SecurityFlag.NOANONYMOUS, SecurityFlag.MUTUAL_AUTH)));
        assertEquals(List.of("dictionary", "active", "mutual-auth"), MechanismFlags.words(Set.of(
                SecurityFlag.NOPLAINTEXT, SecurityFlag.NOANONYMOUS, SecurityFlag.MUTUAL_AUTH)));
        assertEquals(List.of("forward-secrecy"), MechanismFlags.words(Set.of(SecurityFlag.NOPLAINTEXT,
                SecurityFlag.NOANONYMOUS, SecurityFlag.NOACTIVE, SecurityFlag.FORWARD_SECRECY)));
    }
}
