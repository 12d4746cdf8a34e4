package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How MD5-crypt and apr1 settings are read. Expected {@code $1$} hashes came from libxcrypt 4.4.33
 * ({@code crypt_rn} through python3 ctypes), {@code $apr1$} ones from {@code openssl passwd -apr1}.
 */
class Md5CryptTest {

    private static final byte[] PASSWORD = "password".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ' ', value = {
        "$1$ $1$$I2o9Z7NcvQAKp7wyCTlia0",
        "$1$$$ $1$$I2o9Z7NcvQAKp7wyCTlia0",
        "$1$abc $1$abc$BXBqpb9BZcZhXLgbee.0s/",
        "$1$abcdefghijkl $1$abcdefgh$G//4keteveJp0qb8z2DxG/",
        "$1$abcdefghijk$xx $1$abcdefgh$G//4keteveJp0qb8z2DxG/",
        "$1$ab$cd$ef $1$ab$oKsM6dtDD2L1bKowOBX.7.",
        "$1$a#b$ $1$a#b$JhRWl6hlox8p3NPsL2MQY0",
        "$1$a-b_c $1$a-b_c$kBkm0QHXS3LpkKU40uAwL/",
        "$1$a-b_cdefgh $1$a-b_cdef$Wf2YwAxc41exWkvJu29dy0",
        "$apr1$ $apr1$$qjtLUZpoiD4RwXIYf4qVb0",
        "$apr1$a-b_c$ $apr1$a-b_c$5nZqdCuv2W/nkv97dTd0p1",
        "$apr1$abcdefghijkl $apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE1",
        "$apr1$a#b $apr1$a#b$YQjevMKNyZoDcHl1WL/Lu/",
    })
    void saltsAreReadAsLibxcryptReadsThemNotCutAtOddCharacters(String setting, String expected) throws Exception {
        CryptAlgorithm algorithm = setting.startsWith("$1$") ? Md5Crypt.MD5 : Md5Crypt.APR1;
        assertEquals(expected, algorithm.crypt(PASSWORD, setting));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$1$ab:c$", "$1$a!b$", "$1$a*b$", "$1$a;b$", "$1$a\\b$", "$1$a b$", "$1$a\u0080$",
        "$1$abcdefghij\u0080", "$1$abcdefghij:", "$1$ab$hash*", "$1", ""})
    void settingsLibxcryptRefusesAreRefused(String setting) {
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.MD5.crypt(PASSWORD, setting));
        String apr1 = setting.startsWith("$1$") ? "$apr1$" + setting.substring(3) : setting;
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.APR1.crypt(PASSWORD, apr1));
    }

    @Test
    void passwordsUpTo511BytesAreHashedAndLongerOnesRefused() throws Exception {
        assertEquals("$1$ab$mjsFk9LmfULxjpkDdKGTj/", Md5Crypt.MD5.crypt(repeat('x', 511), "$1$ab$"));
        byte[] utf8 = new byte[511];
        for (int i = 0; i < 510; i += 2) {
            utf8[i] = (byte) 0xc3;
            utf8[i + 1] = (byte) 0xa9;
        }
        utf8[510] = 'z';
        assertEquals("$1$a-b_c$MPAyiqsA57NRd3v/wzCdw.", Md5Crypt.MD5.crypt(utf8, "$1$a-b_c$"));
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.MD5.crypt(repeat('x', 512), "$1$ab$"));
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.APR1.crypt(repeat('x', 512), "$apr1$ab$"));
    }

    @Test
    void aPasswordWithANulByteIsRefused() {
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.MD5.crypt(new byte[] {'a', 0}, "$1$ab$"));
    }

    private static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }
}
