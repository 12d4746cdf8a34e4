package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.junit.jupiter.api.Test;

/**
 * A stored SCRAM secret serves PLAIN and LOGIN too: the given password is SASLprep'd and the keys
 * derived from it, as Dovecot does; {@code jsasl hash --format scram-sha-256} makes such values.
 */
class StoredScramSecretCheckTest {

    // "pencil" with RFC 7677's salt and RFC 5802's (ScramSecretTest derives the same keys).
    private static final String SHA256_DOVECOT = "{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
    private static final String SHA256_RFC5803 = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
    private static final String SHA1_DOVECOT = "{SCRAM-SHA-1}4096,QSXCR+Q6sek8bf92,"
            + "6dlGYMOdZcOPutkcNY8U2g7vK9Y=,D+CSWLOshSulAsxiupA+qs2/fTE=";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dovecotAndRfc5803FormsAcceptTheRightPasswordOnly() {
        for (String stored : new String[] {SHA256_DOVECOT, SHA256_RFC5803, SHA1_DOVECOT}) {
            assertEquals(CryptCheck.MATCH, StoredPasswordCheck.verify(utf8("pencil"), stored), stored);
            assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(utf8("pencil2"), stored), stored);
            assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(utf8("Pencil"), stored), stored);
            assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(new byte[0], stored), stored);
        }
    }

    @Test
    void thePasswordIsSaslPreppedFirst() throws Exception {
        // U+00AD (soft hyphen) maps to nothing, U+00A0 to a space: both give the secret of the prepared form.
        String stored = new PasswordHasher().hash(PasswordHasher.Format.SCRAM_SHA_256, utf8("pen cil"), 0);
        assertEquals(CryptCheck.MATCH, StoredPasswordCheck.verify(utf8("pen\u00A0cil"), stored));
        assertEquals(CryptCheck.MATCH, StoredPasswordCheck.verify(utf8("pen \u00ADcil"), stored));
        // A password SASLprep refuses (a control character) matches nothing, without an error.
        assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(utf8("pen\u0007cil"), stored));
        // Invalid UTF-8 likewise.
        assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(new byte[] {(byte) 0xC0, (byte) 0x80}, stored));
    }

    @Test
    void aMalformedSecretIsUnsupportedNeverAMatch() {
        for (String bad : new String[] {"{SCRAM-SHA-256}1,x", "{SCRAM-SHA-256}", "SCRAM-SHA-256$4096:salt",
                "{SCRAM-SHA-999}4096,QSXCR+Q6sek8bf92,AA==,AA==",
                "{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8o,wfPLwc"}) {
            CryptCheck check = StoredPasswordCheck.verify(utf8("pencil"), bad);
            CryptCheck.Unsupported u = assertInstanceOf(CryptCheck.Unsupported.class, check, bad);
            assertFalse(u.reason().contains("pencil"));
        }
    }

    @Test
    void hashMakesDovecotFormSecretsWithFreshSalts() throws Exception {
        PasswordHasher hasher = new PasswordHasher(new SecureRandom());
        for (PasswordHasher.Format f : new PasswordHasher.Format[] {PasswordHasher.Format.SCRAM_SHA_1,
                PasswordHasher.Format.SCRAM_SHA_256, PasswordHasher.Format.SCRAM_SHA_512}) {
            String a = hasher.hash(f, utf8("pencil"), 0);
            String b = hasher.hash(f, utf8("pencil"), 0);
            assertTrue(a.startsWith("{" + f.name().replace('_', '-') + "}4096,"), a);
            assertFalse(a.equals(b), "a fresh salt each time");
            ScramSecret parsed = ScramSecret.parse(a);
            assertEquals(16, parsed.salt().length);
            assertEquals(CryptCheck.MATCH, StoredPasswordCheck.verify(utf8("pencil"), a));
            assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(utf8("pencil!"), a));
        }
        String custom = hasher.hash(PasswordHasher.Format.SCRAM_SHA_256, utf8("pencil"), 10000);
        assertEquals(10000, ScramSecret.parse(custom).iterations());
        assertEquals(ScramHash.SHA_256, ScramSecret.parse(custom).hash());
    }

    @Test
    void hashRefusesIterationsBelowTheFloorAndUnpreparablePasswords() {
        PasswordHasher hasher = new PasswordHasher();
        assertThrows(IllegalArgumentException.class,
                () -> hasher.hash(PasswordHasher.Format.SCRAM_SHA_256, utf8("pencil"), 4095));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hasher.hash(PasswordHasher.Format.SCRAM_SHA_256, utf8("secret\u0007word"), 0));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void formatNamesParseWithDashes() {
        assertEquals(PasswordHasher.Format.SCRAM_SHA_256, PasswordHasher.Format.parse("scram-sha-256"));
        assertEquals(PasswordHasher.Format.SCRAM_SHA_1, PasswordHasher.Format.parse("SCRAM-SHA-1"));
    }
}
