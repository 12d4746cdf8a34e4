package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The native families are named as mkpasswd names them, own their prefixes, and hash what gensalt makes for them. */
class NativeCryptTest {

    @Test
    void theFamiliesAreTheFiveJavaLacks() {
        List<String> names = NativeCrypt.families().stream().map(NativeCrypt::name).toList();
        assertEquals(List.of("yescrypt", "gost-yescrypt", "scrypt", "sunmd5", "sha1crypt"), names);
        for (NativeCrypt family : NativeCrypt.families()) {
            assertEquals(CryptPath.NATIVE, family.path());
            assertEquals("NativeCrypt[" + family.name() + "]", family.toString());
        }
    }

    @Test
    void eachFamilyHandlesOnlyItsOwnPrefix() {
        assertTrue(NativeCrypt.yescrypt().handles("$y$j9T$abc"));
        assertFalse(NativeCrypt.yescrypt().handles("$gy$j9T$abc"));
        assertTrue(NativeCrypt.gostYescrypt().handles("$gy$j9T$abc"));
        assertTrue(NativeCrypt.scrypt().handles("$7$CU..../....abc"));
        assertTrue(NativeCrypt.sunmd5().handles("$md5$abc$"));
        assertTrue(NativeCrypt.sunmd5().handles("$md5,rounds=100$abc$"));
        assertFalse(NativeCrypt.sunmd5().handles("$1$abc$"));
        assertTrue(NativeCrypt.sha1crypt().handles("$sha1$1000$abc$"));
        assertFalse(NativeCrypt.sha1crypt().handles("$6$abc$"));
    }

    @Test
    void anyHandlesEverySetting() throws InvalidSettingException {
        NativeCrypt any = NativeCrypt.any();
        for (String setting : new String[] {"", "ab", "_J9..abcd", "$6$x$", "$y$j9T$", "nonsense"}) {
            assertTrue(any.handles(setting), setting);
        }
        assumeTrue(Libxcrypt.system().isAvailable());
        byte[] password = "password".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new DesCrypt().crypt(password, "ab"), any.crypt(password, "ab"));
        assertEquals("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",
                any.crypt(password, "$6$saltsalt$"));
    }

    @Test
    void aFamilyRefusesAnotherFamilysSetting() {
        assertThrows(InvalidSettingException.class,
                () -> NativeCrypt.yescrypt().crypt("password".getBytes(StandardCharsets.US_ASCII), "$6$saltsalt$"));
    }

    @Test
    void thisLibxcryptHasEveryFamilyIncludingSunmd5AndSha1crypt() {
        assumeTrue(Libxcrypt.system().isAvailable());
        for (NativeCrypt family : NativeCrypt.families()) {
            assertTrue(family.isAvailable(), family.name());
        }
        assertTrue(NativeCrypt.any().isAvailable());
    }

    @Test
    void settingsFromGensaltHashAndVerify() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable());
        byte[] password = "p\u00e4ssw\u00f6rd".getBytes(StandardCharsets.UTF_8);
        String[] prefixes = {"$y$", "$gy$", "$7$", "$md5", "$sha1"};
        long[] counts = {0, 0, 0, 100, 1000};
        for (int i = 0; i < prefixes.length; i++) {
            NativeCrypt family = NativeCrypt.families().get(i);
            String setting = Libxcrypt.system().gensalt(prefixes[i], counts[i], null);
            assertTrue(family.handles(setting), setting);
            String hash = family.crypt(password, setting);
            assertEquals(hash, family.crypt(password, hash), family.name());
        }
    }
}
