package org.jsasl.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expected keys were computed independently with Python's hashlib.pbkdf2_hmac and hmac (the
 * salts of RFC 5802 section 5 and RFC 7677 section 3, password "pencil").
 */
class ScramSecretTest {

    static final String SHA256_DOVECOT = "{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
    static final String SHA256_RFC5803 = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
    static final String SHA1_DOVECOT = "{SCRAM-SHA-1}4096,QSXCR+Q6sek8bf92,6dlGYMOdZcOPutkcNY8U2g7vK9Y=,"
            + "D+CSWLOshSulAsxiupA+qs2/fTE=";
    static final String SHA512_RFC5803 = "SCRAM-SHA-512$4096:MDEyMzQ1Njc4OWFiY2RlZg==$"
            + "50q+37QH8XpaNkNxjgBGkxqXkoXVH2Lh3lHJ07g7AOGVlU4FcOi+wjKQc80Fl2VeSw/SniKUPcJigYjLk6Y/2w==:"
            + "fgiGfVDf7076b3mVdGf4ced4bUxY4L8AjpHsD8KRzbGOujkLSpj40lrcb9IvGqJ4Uv3dBiyDgUgoQnoVamua2Q==";

    private static byte[] pencil() {
        return "pencil".getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void derivesTheKeysPythonComputesForEveryHash() {
        assertEquals(SHA256_DOVECOT, ScramSecret.derive(ScramHash.SHA_256, pencil(),
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096).dovecotForm());
        assertEquals(SHA1_DOVECOT, ScramSecret.derive(ScramHash.SHA_1, pencil(),
                Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096).dovecotForm());
        assertEquals(SHA512_RFC5803, ScramSecret.derive(ScramHash.SHA_512, pencil(),
                "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), 4096).authPasswordForm());
    }

    @Test
    void bothStoredFormsParseToTheSameSecretAndFormatBack() {
        ScramSecret a = ScramSecret.parse(SHA256_DOVECOT);
        ScramSecret b = ScramSecret.parse(SHA256_RFC5803);
        assertEquals(a, b);
        assertEquals(ScramHash.SHA_256, a.hash());
        assertEquals(4096, a.iterations());
        assertEquals(SHA256_RFC5803, a.authPasswordForm());
        assertEquals(SHA256_DOVECOT, b.dovecotForm());
        assertEquals(ScramHash.SHA_512, ScramSecret.parse(SHA512_RFC5803).hash());
    }

    @Test
    void matchesOnlyTheRightPassword() {
        ScramSecret s = ScramSecret.parse(SHA256_DOVECOT);
        assertTrue(s.matches(pencil()));
        assertFalse(s.matches("Pencil".getBytes(StandardCharsets.UTF_8)));
        assertFalse(s.matches(new byte[0]));
        assertTrue(ScramSecret.parse(SHA1_DOVECOT).matches(pencil()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=",
        "{SCRAM-SHA-256}x,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,AAAA",
        "{SCRAM-SHA-256}0,W22ZaJ0SNY7soEsUEjb6gQ==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,"
                + "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "{SCRAM-SHA-256}99999999999,c2FsdA==,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,"
                + "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "{SCRAM-SHA-256}4096,,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "{SCRAM-SHA-256}4096,c2FsdA==,6dlGYMOdZcOPutkcNY8U2g7vK9Y=,D+CSWLOshSulAsxiupA+qs2/fTE=",
        "{SCRAM-SHA-256}4096,c2Fs!!,WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,"
                + "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        "{SCRAM-SHA-384}4096,c2FsdA==,AAAA,AAAA",
        "{SCRAM-SHA-256-PLUS}4096,c2FsdA==,AAAA,AAAA",
        "{SCRAM-SHA-256",
        "SCRAM-SHA-256$4096:c2FsdA==",
        "SCRAM-SHA-256$4096$a:b",
        "not a secret"
    })
    void malformedValuesAreRefusedWithoutEchoingThem(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScramSecret.parse(value));
        assertFalse(e.getMessage().contains("WG5d8"), e.getMessage());
    }

    @Test
    void toStringNamesNoKey() {
        ScramSecret s = ScramSecret.parse(SHA256_DOVECOT);
        assertFalse(s.toString().contains("WG5d8"));
        assertFalse(s.toString().contains("W22Z"));
        assertEquals("ScramSecret[SCRAM-SHA-256, i=4096, keys redacted]", s.toString());
    }

    @Test
    void wipeClearsTheKeysButACopyKeepsItsOwn() {
        ScramSecret s = ScramSecret.parse(SHA256_DOVECOT);
        ScramSecret copy = s.copy();
        s.wipe();
        assertArrayEquals(new byte[32], s.storedKey());
        assertTrue(copy.matches(pencil()));
    }

    @Test
    void recognisesBothFormsByTheirPrefix() {
        assertTrue(ScramSecret.looksLikeScram(SHA256_DOVECOT));
        assertTrue(ScramSecret.looksLikeScram(SHA256_RFC5803));
        assertTrue(ScramSecret.looksLikeScram("{scram-sha-1}garbage"));
        assertFalse(ScramSecret.looksLikeScram("$6$salt$hash"));
        assertFalse(ScramSecret.looksLikeScram("{SHA512-CRYPT}$6$x"));
    }

    @Test
    void emptyPasswordsAndAbsurdIterationCountsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ScramSecret.saltedPassword(ScramHash.SHA_256, new byte[0], new byte[] {1}, 4096));
        assertThrows(IllegalArgumentException.class,
                () -> ScramSecret.saltedPassword(ScramHash.SHA_256, pencil(), new byte[] {1}, ScramSecret.MAX_ITERATIONS + 1));
    }
}
