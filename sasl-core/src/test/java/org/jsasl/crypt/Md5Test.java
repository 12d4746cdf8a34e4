package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** jsasl's own MD5 gives the JDK's MD5 digests, for every message length around the block boundaries. */
class Md5Test {

    @Test
    void digestsAgreeWithTheJdkForLengths0To300() throws Exception {
        Random random = new Random(1321);
        MessageDigest jdk = MessageDigest.getInstance("MD5");
        for (int length = 0; length <= 300; length++) {
            byte[] message = new byte[length];
            random.nextBytes(message);
            assertArrayEquals(jdk.digest(message), Md5.digest(message, length), "length " + length);
        }
    }
}
