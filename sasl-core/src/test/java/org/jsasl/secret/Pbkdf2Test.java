package org.jsasl.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/**
 * jsasl's Hi() with precomputed HMAC states gives what the JDK's own PBKDF2 gives, for every SCRAM
 * hash and for keys shorter than, as long as and longer than the hash's block (which HMAC hashes
 * first).
 */
class Pbkdf2Test {

    private static byte[] jdk(ScramHash hash, String password, byte[] salt, int iterations) throws Exception {
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2With" + hash.hmacAlgorithm());
        return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, hash.length() * 8))
                .getEncoded();
    }

    @Test
    void hiEqualsTheJdksPbkdf2ForEveryHashAndKeyLength() throws Exception {
        byte[] salt = "QSXCR+Q6sek8bf92".getBytes(StandardCharsets.US_ASCII);
        for (ScramHash hash : ScramHash.values()) {
            for (int length : new int[] {1, 8, hash.blockSize() - 1, hash.blockSize(), hash.blockSize() + 1, 300}) {
                String password = "p".repeat(length);
                for (int iterations : new int[] {1, 2, 4096}) {
                    assertArrayEquals(jdk(hash, password, salt, iterations),
                            Pbkdf2.hi(hash, password.getBytes(StandardCharsets.US_ASCII), salt, iterations),
                            hash + " length " + length + " i=" + iterations);
                }
            }
        }
    }

    @Test
    void saltedPasswordUsesItAndKeepsTheRfcVector() throws Exception {
        // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, i=4096.
        byte[] salt = java.util.Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        assertArrayEquals(jdk(ScramHash.SHA_256, "pencil", salt, 4096), ScramSecret.saltedPassword(ScramHash.SHA_256,
                "pencil".getBytes(StandardCharsets.US_ASCII), salt, 4096));
    }
}
