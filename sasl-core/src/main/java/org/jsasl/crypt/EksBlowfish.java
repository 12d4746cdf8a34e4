package org.jsasl.crypt;

import java.util.Arrays;

/**
 * The expensive part of bcrypt: the "eksblowfish" key schedule (Blowfish keyed with the salt and
 * the password, then re-keyed 2^cost times alternately with the password and the salt) followed by
 * 64 encryptions of the text "OrpheanBeholderScryDoubt".
 */
final class EksBlowfish {

    /** Bytes of the encrypted text; bcrypt publishes the first 23. */
    static final int OUTPUT_BYTES = 24;

    // The state is one array, P-array first, then the S-boxes: one base pointer and constant
    // offsets keep the round function to four loads, and because the array is allocated in the same
    // method as the hot loop the JIT knows its length and drops the bounds checks.
    private static final int S0 = BlowfishPi.P_WORDS;
    private static final int S1 = S0 + BlowfishPi.S_BOX_WORDS;
    private static final int S2 = S1 + BlowfishPi.S_BOX_WORDS;
    private static final int S3 = S2 + BlowfishPi.S_BOX_WORDS;
    private static final int STATE_WORDS = BlowfishPi.WORDS;

    /** "OrpheanBeholderScryDoubt" as six big-endian words. */
    private static final int[] MAGIC = {0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274};

    private static final int MAGIC_ENCRYPTIONS = 64;

    private EksBlowfish() {
    }

    /**
     * Runs bcrypt's core.
     *
     * @param key the password's key words; not modified
     * @param salt the 16-byte salt as four big-endian words
     * @param cost the base-2 logarithm of the number of re-keyings, 4 to 31
     * @return the encrypted text, 24 bytes
     */
    static byte[] hash(BcryptKey key, int[] salt, int cost) {
        int[] st = new int[STATE_WORDS];
        int[] saltKey = new int[BlowfishPi.P_WORDS];
        try {
            System.arraycopy(BlowfishPi.state(), 0, st, 0, STATE_WORDS);
            for (int i = 0; i < saltKey.length; i++) {
                saltKey[i] = salt[i & 3];
            }
            int[] expanded = key.expanded();
            int[] initial = key.initial();
            // Phase 0 is the salted key expansion; then odd phases re-key with the password and
            // even ones with the salt, 2^cost times each.
            long phases = 1 + (2L << cost);
            for (long phase = 0; phase < phases; phase++) {
                int[] mix = phase == 0 ? initial : (phase & 1) != 0 ? expanded : saltKey;
                for (int i = 0; i < BlowfishPi.P_WORDS; i++) {
                    st[i] ^= mix[i];
                }
                // Only phase 0 mixes the salt into the blocks; zeros make the other phases plain
                // Blowfish key expansions without a second copy of the rounds.
                int x0 = 0;
                int x1 = 0;
                int x2 = 0;
                int x3 = 0;
                if (phase == 0) {
                    x0 = salt[0];
                    x1 = salt[1];
                    x2 = salt[2];
                    x3 = salt[3];
                }
                int l = 0;
                int r = 0;
                for (int i = 0; i < STATE_WORDS; i += 2) {
                    // The salt's two halves alternate block by block.
                    if ((i & 2) == 0) {
                        l ^= x0;
                        r ^= x1;
                    } else {
                        l ^= x2;
                        r ^= x3;
                    }
                    l ^= st[0];
                    r ^= st[1] ^ f(st, l);
                    l ^= st[2] ^ f(st, r);
                    r ^= st[3] ^ f(st, l);
                    l ^= st[4] ^ f(st, r);
                    r ^= st[5] ^ f(st, l);
                    l ^= st[6] ^ f(st, r);
                    r ^= st[7] ^ f(st, l);
                    l ^= st[8] ^ f(st, r);
                    r ^= st[9] ^ f(st, l);
                    l ^= st[10] ^ f(st, r);
                    r ^= st[11] ^ f(st, l);
                    l ^= st[12] ^ f(st, r);
                    r ^= st[13] ^ f(st, l);
                    l ^= st[14] ^ f(st, r);
                    r ^= st[15] ^ f(st, l);
                    l ^= st[16] ^ f(st, r);
                    int left = r ^ st[17];
                    r = l;
                    l = left;
                    st[i] = l;
                    st[i + 1] = r;
                }
            }
            int[] text = MAGIC.clone();
            for (int n = 0; n < MAGIC_ENCRYPTIONS; n++) {
                for (int b = 0; b < text.length; b += 2) {
                    encrypt(st, text, b);
                }
            }
            byte[] out = new byte[OUTPUT_BYTES];
            for (int i = 0; i < text.length; i++) {
                out[4 * i] = (byte) (text[i] >>> 24);
                out[4 * i + 1] = (byte) (text[i] >>> 16);
                out[4 * i + 2] = (byte) (text[i] >>> 8);
                out[4 * i + 3] = (byte) text[i];
            }
            return out;
        } finally {
            Arrays.fill(st, 0);
            Arrays.fill(saltKey, 0);
        }
    }

    /** Encrypts the block {@code block[at], block[at + 1]} in place (the cold path: 192 blocks per hash). */
    static void encrypt(int[] st, int[] block, int at) {
        int l = block[at];
        int r = block[at + 1];
        for (int k = 0; k < 16; k += 2) {
            l ^= st[k];
            r ^= f(st, l);
            r ^= st[k + 1];
            l ^= f(st, r);
        }
        l ^= st[16];
        block[at] = r ^ st[17];
        block[at + 1] = l;
    }

    private static int f(int[] st, int x) {
        return ((st[S0 + (x >>> 24)] + st[S1 + ((x >>> 16) & 0xff)]) ^ st[S2 + ((x >>> 8) & 0xff)]) + st[S3 + (x & 0xff)];
    }
}
