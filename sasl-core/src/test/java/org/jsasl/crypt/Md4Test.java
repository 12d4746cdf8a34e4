package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MD4 gives the digests of RFC 1320's test suite, across block and padding boundaries. */
class Md4Test {

    @ParameterizedTest(name = "MD4(\"{0}\")")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "''|31d6cfe0d16ae931b73c59d7e0c089c0",
        "a|bde52cb31de33e46245e05fbdbd6fb24",
        "abc|a448017aaf21d8525fc10ae87aa6729d",
        "message digest|d9130a8164549fe818874806e1c7014b",
        "abcdefghijklmnopqrstuvwxyz|d79e1c308aa5bbcdeea8ed63df412da9",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|043f8582f241db351ce627e153e7f0e4",
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890|e33b4ddc9c38f2199c3e7b164fcc0536",
    })
    void rfc1320TestSuite(String message, String digest) {
        assertEquals(digest, HexFormat.of().formatHex(Md4.digest(message.getBytes(StandardCharsets.US_ASCII))));
    }

    /** Lengths where the bit count moves to an extra block; digests from {@code openssl dgst -md4} (legacy provider). */
    @ParameterizedTest(name = "{0} x")
    @CsvSource({
        "55, 92f32bb82c95ad10e8f87ae58ab06807",
        "56, 374d5f08103b7092c83b4626ebceffab",
        "63, 2870452596e98fffd48332289b3472b9",
        "64, b1abf956a5ae6f3221e5fe85e300fbb0",
        "65, afc1a3308fc176a53238a09aeddec2e6",
        "119, b55ae15e41e55643b0c3daad5e05c905",
        "120, d8f9adfc41ec43552619606c70cfd287",
    })
    void paddingBoundaries(int length, String digest) {
        assertEquals(digest, HexFormat.of().formatHex(Md4.digest("x".repeat(length).getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void theMessageIsNotModified() {
        byte[] message = "secret".getBytes(StandardCharsets.US_ASCII);
        Md4.digest(message);
        assertArrayEquals("secret".getBytes(StandardCharsets.US_ASCII), message);
    }
}
