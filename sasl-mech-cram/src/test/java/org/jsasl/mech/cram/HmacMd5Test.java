package org.jsasl.mech.cram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HMAC-MD5 over MessageDigest agrees with RFC 2202 and with javax.crypto, and handles the empty key. */
class HmacMd5Test {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rfc2202TestCases() {
        byte[] key1 = new byte[16];
        Arrays.fill(key1, (byte) 0x0b);
        assertArrayEquals(hex("9294727a3638bb1c13f48ef8158bfc9d"), HmacMd5.mac(key1, ascii("Hi There")));
        assertArrayEquals(hex("750c783e6ab0b503eaa86e310a5db738"),
                HmacMd5.mac(ascii("Jefe"), ascii("what do ya want for nothing?")));
        byte[] key3 = new byte[16];
        Arrays.fill(key3, (byte) 0xaa);
        byte[] data3 = new byte[50];
        Arrays.fill(data3, (byte) 0xdd);
        assertArrayEquals(hex("56be34521d144c88dbb8c733f0e8b3f6"), HmacMd5.mac(key3, data3));
        byte[] key6 = new byte[80];
        Arrays.fill(key6, (byte) 0xaa);
        assertArrayEquals(hex("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"),
                HmacMd5.mac(key6, ascii("Test Using Larger Than Block-Size Key - Hash Key First")),
                "a key longer than the block is hashed first");
    }

    @Test
    void agreesWithJavaxCryptoForKeysOfEveryLengthAroundTheBlockSize() throws Exception {
        Random random = new Random(2195);
        Mac mac = Mac.getInstance("HmacMD5");
        for (int len = 1; len <= 140; len++) {
            byte[] key = new byte[len];
            byte[] message = new byte[random.nextInt(200)];
            random.nextBytes(key);
            random.nextBytes(message);
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            assertArrayEquals(mac.doFinal(message), HmacMd5.mac(key, message), "key length " + len);
        }
    }

    @Test
    void emptyKeyIsZeroPaddedLikeAnyShortKey() throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(new byte[1], "HmacMD5"));
        byte[] message = ascii("<1.2@host>");
        assertArrayEquals(mac.doFinal(message), HmacMd5.mac(new byte[0], message));
    }

    @Test
    void theKeyIsNotChanged() {
        byte[] key = ascii("tanstaaftanstaaf");
        HmacMd5.mac(key, ascii("x"));
        assertArrayEquals(ascii("tanstaaftanstaaf"), key);
    }
}
