package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The optimised MD5-crypt (word-level slots, own MD5) against a plain transcription of the
 * algorithm on {@link MessageDigest}, for every password length up to 70 and salt length up to 8,
 * so the digest slot falls on every byte alignment.
 */
class Md5CryptReferenceTest {

    @Test
    void agreesWithAPlainMessageDigestTranscriptionForAllShortLengths() throws Exception {
        String alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int k = 0; k <= 70; k++) {
            byte[] password = new byte[k];
            for (int i = 0; i < k; i++) {
                password[i] = (byte) (0x21 + (i * 7 + k) % 0x5e);
            }
            for (int s = 0; s <= 8; s++) {
                String salt = alphabet.substring(k % 20, k % 20 + s);
                for (Md5Crypt algorithm : new Md5Crypt[] {Md5Crypt.MD5, Md5Crypt.APR1}) {
                    String prefix = algorithm == Md5Crypt.MD5 ? "$1$" : "$apr1$";
                    String expected = reference(password, prefix, salt);
                    assertEquals(expected, algorithm.crypt(password, prefix + salt + "$"), "k=" + k + " s=" + s);
                }
            }
        }
    }

    /** MD5-crypt as Poul-Henning Kamp describes it, with nothing optimised. */
    private static String reference(byte[] pw, String magic, String saltText) throws Exception {
        byte[] salt = saltText.getBytes(StandardCharsets.US_ASCII);
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(pw);
        md.update(salt);
        md.update(pw);
        byte[] alt = md.digest();
        md.update(pw);
        md.update(magic.getBytes(StandardCharsets.US_ASCII));
        md.update(salt);
        for (int left = pw.length; left > 0; left -= 16) {
            md.update(alt, 0, Math.min(16, left));
        }
        for (int i = pw.length; i != 0; i >>>= 1) {
            md.update((i & 1) != 0 ? 0 : pw[0]);
        }
        byte[] fin = md.digest();
        for (int i = 0; i < 1000; i++) {
            if ((i & 1) != 0) {
                md.update(pw);
            } else {
                md.update(fin);
            }
            if (i % 3 != 0) {
                md.update(salt);
            }
            if (i % 7 != 0) {
                md.update(pw);
            }
            if ((i & 1) != 0) {
                md.update(fin);
            } else {
                md.update(pw);
            }
            fin = md.digest();
        }
        StringBuilder out = new StringBuilder(magic).append(saltText).append('$');
        int[][] groups = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};
        for (int[] g : groups) {
            append(out, (fin[g[0]] & 0xff) << 16 | (fin[g[1]] & 0xff) << 8 | (fin[g[2]] & 0xff), 4);
        }
        append(out, fin[11] & 0xff, 2);
        Arrays.fill(fin, (byte) 0);
        return out.toString();
    }

    private static void append(StringBuilder out, int w, int n) {
        String alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(w & 0x3f));
            w >>>= 6;
        }
    }
}
