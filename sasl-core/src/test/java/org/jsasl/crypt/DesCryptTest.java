package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Traditional DES (and the bigcrypt it turns into for long settings) behaves exactly like libxcrypt's. */
class DesCryptTest {

    private final DesCrypt des = new DesCrypt();

    @Test
    void identifiesItself() {
        assertEquals("descrypt", des.name());
        assertEquals(CryptPath.JAVA, des.path());
        assertTrue(des.handles("ab"));
        assertTrue(des.handles("./xZjzHv5vzVE"));
        assertFalse(des.handles("_J9..abcd"));
        assertFalse(des.handles("$1$abc$"));
        assertFalse(des.handles("a"));
        assertFalse(des.toString().contains("password"));
    }

    @Test
    void onlyTheFirstEightBytesCount() throws InvalidSettingException {
        assertEquals(des.crypt(ascii("12345678"), "ab"), des.crypt(ascii("123456789xyz"), "ab"));
    }

    @Test
    void theHighBitOfEachByteIsIgnoredSoAllEightBitBytesLikeEmpty() throws InvalidSettingException {
        // Each byte is shifted left once into the key: 0x80 becomes 0, as in libxcrypt.
        byte[] highBits = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertEquals(des.crypt(new byte[0], "ab"), des.crypt(highBits, "ab"));
        assertEquals("abmF1QH4PEr.E", des.crypt(new byte[0], "ab"));
        assertEquals(des.crypt(ascii("pass"), "ab"),
                des.crypt(new byte[] {(byte) ('p' | 0x80), 'a', (byte) ('s' | 0x80), 's'}, "ab"));
    }

    @Test
    void aWholeHashOrAnyTailAfterTheSaltIsAccepted() throws InvalidSettingException {
        assertEquals("YKU9xym3zeZW.", des.crypt(ascii("password"), "YKU9xym3zeZW."));
        assertEquals("YKU9xym3zeZW.", des.crypt(ascii("password"), "YK"));
        assertEquals("abJnggxhB/yWI", des.crypt(ascii("password"), "ab$"));
    }

    @Test
    void aLongSettingWithALongPasswordIsBigcryptAsOnDebian() throws InvalidSettingException {
        // libxcrypt's values (Debian 12 builds bigcrypt in).
        assertEquals("ab1iBa.N.U2C6L/YRXS3klt2", des.crypt(ascii("123456789"), "abcdefghijklmnopqrstuvwxyz"));
        assertEquals("ab1iBa.N.U2C6", des.crypt(ascii("12345678"), "abcdefghijklmnopqrstuvwxyz"));
        assertEquals("ab1iBa.N.U2C6", des.crypt(ascii("123456789"), "abJnggxhB/yWI"));
    }

    @Test
    void badSaltsAreRefused() {
        for (String setting : new String[] {"", "a", "a-", "-a", "$a", "_a", "\u0080a", "ab:", "ab cd", "a\u00e9"}) {
            assertThrows(InvalidSettingException.class, () -> des.crypt(ascii("password"), setting), setting);
        }
    }

    @Test
    void passwordsLibxcryptCannotTakeAreRefused() throws InvalidSettingException {
        assertEquals("abzDJoqKYZJww", des.crypt(ascii("x".repeat(511)), "ab"));
        InvalidSettingException tooLong = assertThrows(InvalidSettingException.class,
                () -> des.crypt(ascii("x".repeat(512)), "ab"));
        assertFalse(tooLong.getMessage().contains("xxx"));
        assertThrows(InvalidSettingException.class, () -> des.crypt(new byte[] {'a', 0, 'b'}, "ab"));
    }

    @Test
    void theCallersArrayIsUnchanged() throws InvalidSettingException {
        byte[] password = ascii("correct horse battery staple");
        des.crypt(password, "abcdefghijklmnopqrstuvwxyz");
        assertArrayEquals(ascii("correct horse battery staple"), password);
    }

    @Test
    void randomPasswordsAndSaltsMatchLibxcrypt() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable(), "libxcrypt is not installed here");
        Random random = new Random(1977);
        for (int i = 0; i < 400; i++) {
            byte[] password = randomPassword(random, i % 4 == 0 ? 140 : 12);
            String salt = "" + CryptBase64.encode(random.nextInt(64)) + CryptBase64.encode(random.nextInt(64));
            // Every fourth setting is long, so that long passwords take the bigcrypt branch.
            String setting = i % 4 == 0 ? salt + "x".repeat(random.nextInt(30)) : salt;
            assertEquals(Libxcrypt.system().crypt(password, setting), des.crypt(password, setting), "case " + i);
        }
    }

    /** Any non-NUL bytes, including 8-bit ones, of length 0 to {@code maxLength}. */
    static byte[] randomPassword(Random random, int maxLength) {
        byte[] password = new byte[random.nextInt(maxLength + 1)];
        for (int j = 0; j < password.length; j++) {
            password[j] = (byte) (1 + random.nextInt(255));
        }
        return password;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
