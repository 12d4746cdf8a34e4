package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The DES core equals the JDK's DES when crypt(3)'s salt is 0 and the count 1, and its salt and count behave as crypt(3) defines them. */
class DesBlockCipherTest {

    @Test
    void unsaltedSingleEncryptionIsStandardDes() throws Exception {
        Random random = new Random(46);
        Cipher jdk = Cipher.getInstance("DES/ECB/NoPadding");
        for (int i = 0; i < 500; i++) {
            long key = random.nextLong();
            long block = random.nextLong();
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(bytes(key), "DES"));
            long expected = ByteBuffer.wrap(jdk.doFinal(bytes(block))).getLong();
            assertEquals(expected, Des.encrypt(Des.schedule(key), block, 0, 1));
        }
    }

    @Test
    void theFipsSampleEncryptsAsPublished() {
        // The classic worked example: key 133457799BBCDFF1, plaintext 0123456789ABCDEF.
        assertEquals(0x85E813540F0AB405L, Des.encrypt(Des.schedule(0x133457799BBCDFF1L), 0x0123456789ABCDEFL, 0, 1));
    }

    @Test
    void aCountRepeatsTheEncryption() {
        int[] schedule = Des.schedule(0x0e329232ea6d0d73L);
        long block = 0x8787878787878787L;
        long repeated = block;
        for (int i = 0; i < 25; i++) {
            repeated = Des.encrypt(schedule, repeated, 0xabc, 1);
        }
        assertEquals(repeated, Des.encrypt(schedule, block, 0xabc, 25));
    }

    @Test
    void countZeroMeansOnceAsInLibxcrypt() {
        int[] schedule = Des.schedule(0x0e329232ea6d0d73L);
        assertEquals(Des.encrypt(schedule, 42L, 7, 1), Des.encrypt(schedule, 42L, 7, 0));
    }

    @Test
    void everySaltBitChangesTheResult() {
        int[] schedule = Des.schedule(0x0e329232ea6d0d73L);
        long unsalted = Des.encrypt(schedule, 0L, 0, 1);
        for (int bit = 0; bit < 24; bit++) {
            assertNotEquals(unsalted, Des.encrypt(schedule, 0L, 1 << bit, 1), "salt bit " + bit);
        }
    }

    @Test
    void clearWipesTheSchedule() {
        int[] schedule = Des.schedule(0x0e329232ea6d0d73L);
        Des.clear(schedule);
        assertEquals(0, java.util.Arrays.stream(schedule).filter(v -> v != 0).count());
    }

    private static byte[] bytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
