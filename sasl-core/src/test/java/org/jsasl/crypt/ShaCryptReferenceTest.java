package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The optimised SHA-crypt (prepared round buffers, digests written into the next one) against a
 * plain transcription of Drepper's specification, for every password length up to 40 and salt
 * length up to 16, at 1000 rounds.
 */
class ShaCryptReferenceTest {

    private static final String ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void agreesWithAPlainTranscriptionOfTheSpecificationForAllShortLengths() throws Exception {
        for (int k = 0; k <= 40; k++) {
            byte[] password = new byte[k];
            for (int i = 0; i < k; i++) {
                password[i] = (byte) (0x21 + (i * 5 + k) % 0x5e);
            }
            for (int s = 0; s <= 16; s++) {
                String salt = ALPHABET.substring(k, k + s);
                assertEquals(reference(password, salt, "SHA-256"),
                        ShaCrypt.SHA256.crypt(password, "$5$rounds=1000$" + salt), "k=" + k + " s=" + s);
                assertEquals(reference(password, salt, "SHA-512"),
                        ShaCrypt.SHA512.crypt(password, "$6$rounds=1000$" + salt), "k=" + k + " s=" + s);
            }
        }
    }

    /** Steps 1-22 of "Unix crypt using SHA-256 and SHA-512" with 1000 rounds, nothing optimised. */
    private static String reference(byte[] pw, String saltText, String algorithm) throws Exception {
        byte[] salt = saltText.getBytes(StandardCharsets.US_ASCII);
        MessageDigest md = MessageDigest.getInstance(algorithm);
        int n = md.getDigestLength();
        md.update(pw);
        md.update(salt);
        md.update(pw);
        byte[] b = md.digest();
        md.update(pw);
        md.update(salt);
        int left = pw.length;
        for (; left > n; left -= n) {
            md.update(b);
        }
        md.update(b, 0, left);
        for (int i = pw.length; i > 0; i >>= 1) {
            md.update((i & 1) != 0 ? b : pw);
        }
        byte[] a = md.digest();
        for (int i = 0; i < pw.length; i++) {
            md.update(pw);
        }
        byte[] dp = md.digest();
        byte[] p = new byte[pw.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = dp[i % n];
        }
        for (int i = 0; i < 16 + (a[0] & 0xff); i++) {
            md.update(salt);
        }
        byte[] s = Arrays.copyOf(md.digest(), salt.length);
        byte[] c = a;
        for (int i = 0; i < 1000; i++) {
            md.update((i & 1) != 0 ? p : c);
            if (i % 3 != 0) {
                md.update(s);
            }
            if (i % 7 != 0) {
                md.update(p);
            }
            md.update((i & 1) != 0 ? c : p);
            c = md.digest();
        }
        StringBuilder out = new StringBuilder(n == 32 ? "$5$" : "$6$").append("rounds=1000$").append(saltText).append('$');
        if (n == 32) {
            for (int g = 0; g < 10; g++) {
                int[] t = {g, g + 10, g + 20};
                int x = t[(3 - g % 3) % 3];
                int y = t[(4 - g % 3) % 3];
                int z = t[(5 - g % 3) % 3];
                append(out, (c[x] & 0xff) << 16 | (c[y] & 0xff) << 8 | (c[z] & 0xff), 4);
            }
            append(out, (c[31] & 0xff) << 8 | (c[30] & 0xff), 3);
        } else {
            for (int g = 0; g < 21; g++) {
                int[] t = {g, g + 21, g + 42};
                int x = t[g % 3];
                int y = t[(g + 1) % 3];
                int z = t[(g + 2) % 3];
                append(out, (c[x] & 0xff) << 16 | (c[y] & 0xff) << 8 | (c[z] & 0xff), 4);
            }
            append(out, c[63] & 0xff, 2);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, int w, int chars) {
        for (int i = 0; i < chars; i++) {
            out.append(ALPHABET.charAt(w & 0x3f));
            w >>>= 6;
        }
    }
}
