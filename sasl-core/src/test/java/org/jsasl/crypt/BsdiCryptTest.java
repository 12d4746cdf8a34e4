package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BSDi extended DES behaves exactly like libxcrypt's: count, 24-bit salt and folding of long passwords. */
class BsdiCryptTest {

    private final BsdiCrypt bsdi = new BsdiCrypt();

    @Test
    void identifiesItself() {
        assertEquals("bsdicrypt", bsdi.name());
        assertEquals(CryptPath.JAVA, bsdi.path());
        assertTrue(bsdi.handles("_J9..abcd"));
        assertFalse(bsdi.handles("ab"));
    }

    @Test
    void everyByteOfALongPasswordCounts() throws InvalidSettingException {
        String a = bsdi.crypt(ascii("abcdefghijklmnopqrstuvwxyz"), "_J9..abcd");
        assertNotEquals(a, bsdi.crypt(ascii("abcdefghijklmnopqrstuvwxyZ"), "_J9..abcd"));
        assertNotEquals(a, bsdi.crypt(ascii("abcdefghijklmnopqrstuvwxy"), "_J9..abcd"));
        assertEquals("_J9..0YZuxqyUO7hICvY", bsdi.crypt(ascii("abcdefghijklmnopqrstuvwxyz"), "_J9..0YZu"));
    }

    @Test
    void countZeroIsOneIterationAsInLibxcrypt() throws InvalidSettingException {
        assertEquals(bsdi.crypt(ascii("password"), "_/...abcd").substring(9),
                bsdi.crypt(ascii("password"), "_....abcd").substring(9));
        assertEquals("_....abcdJZJP1o1hSpg", bsdi.crypt(ascii("password"), "_....abcd"));
    }

    @Test
    void charactersAfterTheSaltAreIgnored() throws InvalidSettingException {
        assertEquals("_J9..EAdBjp0leH3MtXw", bsdi.crypt(ascii("password"), "_J9..EAdB"));
        assertEquals("_J9..EAdBjp0leH3MtXw", bsdi.crypt(ascii("password"), "_J9..EAdBjp0leH3MtXwEXTRA"));
    }

    @Test
    void badSettingsAreRefused() {
        for (String setting : new String[] {"_", "_J9..EAd", "_/...ab", "_J9.-EAdB", "_J9..EA-B", "_J9..EA:B", "J9..EAdBx"}) {
            assertThrows(InvalidSettingException.class, () -> bsdi.crypt(ascii("password"), setting), setting);
        }
    }

    @Test
    void passwordsLibxcryptCannotTakeAreRefused() throws InvalidSettingException {
        bsdi.crypt(ascii("x".repeat(511)), "_/...abcd");
        assertThrows(InvalidSettingException.class, () -> bsdi.crypt(ascii("x".repeat(512)), "_/...abcd"));
        assertThrows(InvalidSettingException.class, () -> bsdi.crypt(new byte[] {'a', 0}, "_/...abcd"));
    }

    @Test
    void theCallersArrayIsUnchanged() throws InvalidSettingException {
        byte[] password = ascii("correct horse battery staple");
        bsdi.crypt(password, "_J9..abcd");
        assertArrayEquals(ascii("correct horse battery staple"), password);
    }

    @Test
    void randomPasswordsSaltsAndCountsMatchLibxcrypt() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable(), "libxcrypt is not installed here");
        Random random = new Random(1991);
        for (int i = 0; i < 300; i++) {
            byte[] password = DesCryptTest.randomPassword(random, i % 10 == 0 ? 511 : 40);
            StringBuilder setting = new StringBuilder("_");
            for (int c = 0; c < 8; c++) {
                // Small counts keep the test fast; the high count characters stay '.' (zero).
                setting.append(c == 0 || c >= 4 ? CryptBase64.encode(random.nextInt(64)) : c == 1 ? CryptBase64.encode(random.nextInt(2)) : '.');
            }
            String s = setting.toString();
            assertEquals(Libxcrypt.system().crypt(password, s), bsdi.crypt(password, s), "case " + i);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
