package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared vector reader filters by format and decodes hex passwords and escaped settings. */
class CryptVectorsTest {

    @Test
    void rowsAreFilteredByFormat() {
        List<CryptVector> rows = CryptVectors.rows("md5crypt", "apr1");
        assertFalse(rows.isEmpty());
        assertTrue(rows.stream().allMatch(r -> r.format().equals("md5crypt") || r.format().equals("apr1")));
        assertTrue(CryptVectors.rows().size() > rows.size());
    }

    @Test
    void hexPasswordsBecomeTheirBytesAndEmptyOnesAreEmpty() {
        assertArrayEquals(new byte[] {(byte) 0xe5, (byte) 0xaf, (byte) 0x86, (byte) 0xe7, (byte) 0xa0, (byte) 0x81},
                CryptVectors.password("hex:e5af86e7a081"));
        assertArrayEquals(new byte[0], CryptVectors.password(""));
        assertArrayEquals(new byte[] {'a', ' ', 'b'}, CryptVectors.password("a b"));
        assertTrue(CryptVectors.rows("md5crypt").stream().anyMatch(r -> r.password().length == 0));
    }

    @Test
    void escapedSettingBytesBecomeCharacters() {
        assertEquals("\u0080a", CryptVectors.unescape("\\x80a"));
        assertTrue(CryptVectors.rejected("des").stream().anyMatch(r -> r.setting().equals("\u0080a")));
    }

    @Test
    void aFormatWithoutRejectedSettingsGivesAnEmptyListButAnUnknownNameThrows() {
        assertEquals(List.of(), CryptVectors.rejected("apr1"));
        assertThrows(IllegalArgumentException.class, () -> CryptVectors.rows("sha512cyrpt"));
    }

    @Test
    void passwordsComeBackAsFreshCopies() {
        CryptVector v = CryptVectors.rows("md5crypt").get(0);
        v.password()[0] ^= 1;
        assertEquals('p', v.password()[0]);
    }
}
