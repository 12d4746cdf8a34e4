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

/** The {@code $3$} NT hash is libxcrypt's: MD4 over each password byte widened, whatever follows {@code $3$}. */
class NtHashTest {

    private final NtHash nt = new NtHash();

    @Test
    void identifiesItself() {
        assertEquals("nt", nt.name());
        assertEquals(CryptPath.JAVA, nt.path());
        assertTrue(nt.handles("$3$$8846f7eaee8fb117ad06bdd830b7586c"));
        assertFalse(nt.handles("$3"));
    }

    @Test
    void eachByteIsWidenedSoNonAsciiUtf8IsNotTheWindowsHash() throws InvalidSettingException {
        byte[] utf8 = "p\u00e4ssw\u00f6rd".getBytes(StandardCharsets.UTF_8);
        String libxcryptStyle = nt.crypt(utf8, "$3$");
        assertTrue(libxcryptStyle.startsWith("$3$$bba7e7"), libxcryptStyle);
        // Windows hashes UTF-16LE of the characters; that equals widening the ISO 8859-1 bytes here.
        byte[] latin1 = "p\u00e4ssw\u00f6rd".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(nt.crypt(latin1, "$3$").startsWith("$3$$055315"));
        assertNotEquals(libxcryptStyle, nt.crypt(latin1, "$3$"));
    }

    @Test
    void anythingAfterThePrefixIsIgnored() throws InvalidSettingException {
        String expected = "$3$$8846f7eaee8fb117ad06bdd830b7586c";
        for (String setting : new String[] {"$3$", "$3$$", "$3$abc", "$3$$zz", expected}) {
            assertEquals(expected, nt.crypt(ascii("password"), setting), setting);
        }
    }

    @Test
    void otherSettingsAreRefused() {
        for (String setting : new String[] {"", "$3", "$2$", "$3$a:b", "$3$\u00e9"}) {
            assertThrows(InvalidSettingException.class, () -> nt.crypt(ascii("password"), setting), setting);
        }
    }

    @Test
    void passwordsLibxcryptCannotTakeAreRefused() throws InvalidSettingException {
        nt.crypt(ascii("x".repeat(511)), "$3$");
        assertThrows(InvalidSettingException.class, () -> nt.crypt(ascii("x".repeat(512)), "$3$"));
        assertThrows(InvalidSettingException.class, () -> nt.crypt(new byte[] {0}, "$3$"));
    }

    @Test
    void theCallersArrayIsUnchanged() throws InvalidSettingException {
        byte[] password = ascii("hunter2");
        nt.crypt(password, "$3$");
        assertArrayEquals(ascii("hunter2"), password);
    }

    @Test
    void randomPasswordsMatchLibxcrypt() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable(), "libxcrypt is not installed here");
        Random random = new Random(1996);
        for (int i = 0; i < 300; i++) {
            byte[] password = DesCryptTest.randomPassword(random, i % 10 == 0 ? 511 : 80);
            assertEquals(Libxcrypt.system().crypt(password, "$3$"), nt.crypt(password, "$3$"), "case " + i);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
