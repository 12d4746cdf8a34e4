package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Hashes jsasl makes verify in jsasl and in libxcrypt itself. */
class PasswordHasherTest {

    private static final byte[] PASSWORD = "p\u00e4ss w\u00f6rd \u5bc6\u7801".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    // SCRAM secrets are not crypt(3) hashes: StoredScramSecretCheckTest covers them.
    @EnumSource(value = PasswordHasher.Format.class, names = "SCRAM_.*", mode = EnumSource.Mode.MATCH_NONE)
    void madeHashVerifiesInJsaslAndInLibxcrypt(PasswordHasher.Format format) throws Exception {
        assumeTrue(format != PasswordHasher.Format.YESCRYPT || Libxcrypt.system().isAvailable());
        int rounds = format == PasswordHasher.Format.BCRYPT ? 5 : 0;
        String hash = new PasswordHasher().hash(format, PASSWORD, rounds);
        assertEquals(CryptCheck.MATCH, CryptVerifier.verify(PASSWORD, hash), hash);
        byte[] wrong = PASSWORD.clone();
        wrong[0] ^= 1;
        assertEquals(CryptCheck.MISMATCH, CryptVerifier.verify(wrong, hash), hash);
        assumeTrue(Libxcrypt.system().isAvailable(), "libxcrypt cross-check");
        assertEquals(hash, NativeCrypt.any().crypt(PASSWORD, hash), "libxcrypt computes the same hash");
    }

    @Test
    void saltsAreFreshEachTime() throws Exception {
        PasswordHasher h = new PasswordHasher();
        assertNotEquals(h.hash(PasswordHasher.Format.SHA512, PASSWORD, 0), h.hash(PasswordHasher.Format.SHA512, PASSWORD, 0));
    }

    @Test
    void formatsHaveTheExpectedShape() throws Exception {
        PasswordHasher h = new PasswordHasher();
        assertTrue(h.hash(PasswordHasher.Format.SHA512, PASSWORD, 0).matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}"));
        assertTrue(h.hash(PasswordHasher.Format.SHA256, PASSWORD, 6000).startsWith("$5$rounds=6000$"));
        assertTrue(h.hash(PasswordHasher.Format.MD5, PASSWORD, 0).matches("\\$1\\$[./0-9A-Za-z]{8}\\$[./0-9A-Za-z]{22}"));
        assertTrue(h.hash(PasswordHasher.Format.DES, PASSWORD, 0).matches("[./0-9A-Za-z]{13}"));
        if (CryptFormat.BCRYPT_2B.algorithm().isPresent()) {
            assertTrue(h.hash(PasswordHasher.Format.BCRYPT, PASSWORD, 4).matches("\\$2b\\$04\\$[./A-Za-z0-9]{53}"));
        }
    }

    @Test
    void roundsOutOfRangeAreRefused() {
        PasswordHasher h = new PasswordHasher();
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.SHA512, PASSWORD, 999));
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.SHA512, PASSWORD, 1_000_000_000));
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.BCRYPT, PASSWORD, 3));
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.BCRYPT, PASSWORD, 32));
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.MD5, PASSWORD, 5000));
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.DES, PASSWORD, 25));
        assertThrows(IllegalArgumentException.class, () -> h.hash(PasswordHasher.Format.YESCRYPT, PASSWORD, 12));
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.Format.parse("argon2"));
    }

    @Test
    void bcryptSaltEncodingIsCanonical() {
        byte[] raw = Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODw==");
        String s = PasswordHasher.bcryptBase64(raw);
        assertEquals(22, s.length());
        assertTrue("./Oeu".indexOf(s.charAt(21)) >= 0 || ".Oeu".indexOf(s.charAt(21)) >= 0, s);
    }
}
