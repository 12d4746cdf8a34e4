package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What {@link CryptDifferentialFuzzTest} found, kept as plain tests (the inputs are
 * {@code CryptDifferentialFuzzTestInputs/sameVerdictAsLibxcrypt/finding-*}).
 */
class CryptFuzzFindingsTest {

    /** A hash of "qzx7" made by the Java bcrypt (cost 4, fixed salt). */
    private static final String BCRYPT_OF_QZX7;

    static {
        try {
            BCRYPT_OF_QZX7 = new Bcrypt().crypt("qzx7".getBytes(StandardCharsets.US_ASCII), "$2b$04$abcdefghijklmnopqrstuu");
        } catch (InvalidSettingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Finding 1 (a product bug, fixed): bcrypt cut the password at its first NUL, as C would see it,
     * so {@code qzx7\0wv} matched a bcrypt hash of {@code qzx7}, where libxcrypt (and jsasl's
     * binding, and every other Java format) refuses a password with a NUL. Now every format is
     * refused such a password before it is computed: Unsupported, never a match.
     */
    @Test
    void aPasswordWithANulNeverMatchesABcryptHashOfItsPrefix() {
        CryptCheck check = CryptVerifier.verify("qzx7\0wv".getBytes(StandardCharsets.US_ASCII), BCRYPT_OF_QZX7);
        assertInstanceOf(CryptCheck.Unsupported.class, check);
        assertFalse(((CryptCheck.Unsupported) check).reason().contains("qzx7"), "the reason shows no password");
        assertInstanceOf(CryptCheck.Unsupported.class,
                StoredPasswordCheck.verify("qzx7\0".getBytes(StandardCharsets.US_ASCII), "{BLF-CRYPT}" + BCRYPT_OF_QZX7));
        assertEquals(CryptCheck.MATCH, CryptVerifier.verify("qzx7".getBytes(StandardCharsets.US_ASCII), BCRYPT_OF_QZX7));
    }

    /** Finding 1, the same for a password over 511 bytes whose C string (up to a NUL) is shorter. */
    @Test
    void aLongPasswordWithANulIsRefusedAsLibxcryptRefusesIt() {
        byte[] password = new byte[600];
        System.arraycopy("qzx7".getBytes(StandardCharsets.US_ASCII), 0, password, 0, 4);
        assertInstanceOf(CryptCheck.Unsupported.class, CryptVerifier.verify(password, BCRYPT_OF_QZX7));
    }
}
