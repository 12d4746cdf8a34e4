package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** SHA-256-crypt, SHA-512-crypt, MD5-crypt and apr1 against the libxcrypt (and openssl) vectors. */
class ShaMd5CryptVectorsTest {

    private static final Map<String, CryptAlgorithm> ALGORITHMS = Map.of(
            "sha256crypt", ShaCrypt.SHA256,
            "sha512crypt", ShaCrypt.SHA512,
            "md5crypt", Md5Crypt.MD5,
            "apr1", Md5Crypt.APR1);

    private static List<CryptVector> vectors() {
        return CryptVectors.rows("sha256crypt", "sha512crypt", "md5crypt", "apr1");
    }

    @TestFactory
    Stream<DynamicTest> everyVectorHashesToItself() {
        return vectors().stream().map(v -> dynamicTest(v.toString(), () -> {
            CryptAlgorithm algorithm = ALGORITHMS.get(v.format());
            assertTrue(algorithm.handles(v.hash()));
            assertEquals(v.hash(), algorithm.crypt(v.password(), v.hash()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aPasswordWithItsLastBitFlippedOrOneByteMoreGivesAnotherHash() {
        return vectors().stream().map(v -> dynamicTest(v.toString(), () -> {
            CryptAlgorithm algorithm = ALGORITHMS.get(v.format());
            byte[] password = v.password();
            if (password.length > 0) {
                byte[] flipped = password.clone();
                flipped[flipped.length - 1] ^= 1;
                assertNotEquals(v.hash(), algorithm.crypt(flipped, v.hash()));
            }
            byte[] longer = Arrays.copyOf(password, password.length + 1);
            longer[password.length] = 'a';
            assertNotEquals(v.hash(), algorithm.crypt(longer, v.hash()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySettingLibxcryptRefusesThrowsInvalidSettingException() {
        return CryptVectors.rejected("sha256crypt", "sha512crypt", "md5crypt").stream()
                .map(r -> dynamicTest(r.toString(), () -> {
                    CryptAlgorithm algorithm = ALGORITHMS.get(r.format());
                    assertThrows(InvalidSettingException.class, () -> algorithm.crypt(r.password(), r.setting()));
                }));
    }

    @Test
    void theFilesHaveTheExpectedRowCounts() {
        assertEquals(38, CryptVectors.rows("sha256crypt").size());
        assertEquals(38, CryptVectors.rows("sha512crypt").size());
        assertEquals(21, CryptVectors.rows("md5crypt").size());
        assertEquals(32, CryptVectors.rows("apr1").size());
        assertEquals(21, CryptVectors.rejected("sha256crypt", "sha512crypt", "md5crypt").size());
    }

    @Test
    void cryptNeverModifiesTheCallersPassword() throws Exception {
        for (CryptVector v : vectors()) {
            if (v.hash().contains("rounds=") && !v.hash().contains("rounds=1000$")) {
                continue; // the long ones add time and nothing here
            }
            byte[] password = v.password();
            byte[] copy = password.clone();
            ALGORITHMS.get(v.format()).crypt(password, v.hash());
            assertArrayEquals(copy, password, v.toString());
        }
    }

    @Test
    void fourThreadsAtOnceGetTheSameHashesAsOne() throws Exception {
        List<CryptVector> cheap = vectors().stream()
                .filter(v -> !v.hash().contains("rounds=") || v.hash().contains("rounds=1000$"))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                Callable<List<String>> job = () -> {
                    List<String> out = new ArrayList<>();
                    // Each thread walks the rows from a different start, so different formats overlap.
                    for (int i = 0; i < cheap.size(); i++) {
                        CryptVector v = cheap.get((start * 17 + i) % cheap.size());
                        out.add(ALGORITHMS.get(v.format()).crypt(v.password(), v.hash()));
                    }
                    return out;
                };
                results.add(pool.submit(job));
            }
            for (int t = 0; t < 4; t++) {
                List<String> hashes = results.get(t).get();
                for (int i = 0; i < cheap.size(); i++) {
                    assertEquals(cheap.get((t * 17 + i) % cheap.size()).hash(), hashes.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachFormatHandlesOnlyItsOwnPrefix() {
        assertTrue(ShaCrypt.SHA256.handles("$5$salt"));
        assertFalse(ShaCrypt.SHA256.handles("$6$salt"));
        assertTrue(ShaCrypt.SHA512.handles("$6$salt"));
        assertFalse(ShaCrypt.SHA512.handles("$5$salt"));
        assertTrue(Md5Crypt.MD5.handles("$1$salt"));
        assertFalse(Md5Crypt.MD5.handles("$apr1$salt"));
        assertTrue(Md5Crypt.APR1.handles("$apr1$salt"));
        assertFalse(Md5Crypt.APR1.handles("$1$salt"));
        assertEquals("sha256crypt", ShaCrypt.SHA256.name());
        assertEquals("sha512crypt", ShaCrypt.SHA512.name());
        assertEquals("md5crypt", Md5Crypt.MD5.name());
        assertEquals("apr1", Md5Crypt.APR1.name());
        for (CryptAlgorithm a : ALGORITHMS.values()) {
            assertEquals(CryptPath.JAVA, a.path());
        }
    }

    @Test
    void aSettingOfAnotherFormatIsRefused() {
        byte[] pw = {'p', 'w'};
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA256.crypt(pw, "$6$salt$"));
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA512.crypt(pw, "$5$salt$"));
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.MD5.crypt(pw, "$apr1$salt$"));
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.APR1.crypt(pw, "$1$salt$"));
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA512.crypt(pw, "$6"));
        assertThrows(InvalidSettingException.class, () -> Md5Crypt.MD5.crypt(pw, "$1"));
    }
}
