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

    // The whole state lives in one array: the P-array, the four S-boxes, then the two sets of words
    // the expensive loop XORs into the P-array (the password's and the salt's). One base register and
    // constant offsets keep the round function to four loads; because the array is allocated in the
    // method that runs the hot loop, the JIT knows its length and drops every bounds check.
    private static final int P_WORDS = BlowfishPi.P_WORDS;
    private static final int S0 = P_WORDS;
    private static final int S1 = S0 + BlowfishPi.S_BOX_WORDS;
    private static final int S2 = S1 + BlowfishPi.S_BOX_WORDS;
    private static final int S3 = S2 + BlowfishPi.S_BOX_WORDS;
    private static final int BLOWFISH_WORDS = BlowfishPi.WORDS;
    private static final int PASSWORD_WORDS_AT = BLOWFISH_WORDS;
    private static final int SALT_WORDS_AT = PASSWORD_WORDS_AT + P_WORDS;
    private static final int P0_XOR_P17 = SALT_WORDS_AT + P_WORDS;
    private static final int STATE_WORDS = P0_XOR_P17 + 1;

    private static final int ROUNDS = 16;

    private static final int[] PI = BlowfishPi.state();

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
        int[] text = encrypt(key.initial(), key.expanded(), salt, cost);
        byte[] out = new byte[OUTPUT_BYTES];
        for (int i = 0; i < text.length; i++) {
            out[4 * i] = (byte) (text[i] >>> 24);
            out[4 * i + 1] = (byte) (text[i] >>> 16);
            out[4 * i + 2] = (byte) (text[i] >>> 8);
            out[4 * i + 3] = (byte) text[i];
        }
        return out;
    }

    /** The key schedule and the encryption of the magic text, as six words. */
    private static int[] encrypt(int[] initialKey, int[] passwordWords, int[] salt, int cost) {
        // Nothing is called while the state is live (the output is allocated first, the round function
        // is inlined): around a call the JIT may keep the state's address on the stack and then reload
        // it in the hot loop.
        int[] text = MAGIC.clone();
        int[] st = new int[STATE_WORDS];
        System.arraycopy(PI, 0, st, 0, BLOWFISH_WORDS);
        for (int i = 0; i < P_WORDS; i++) {
            st[i] ^= initialKey[i];
            st[PASSWORD_WORDS_AT + i] = passwordWords[i];
            st[SALT_WORDS_AT + i] = salt[i & 3];
        }

        // The salted key expansion, once: the salt's two halves are XOR-ed into alternate blocks.
        int l = 0;
        int r = 0;
        for (int i = 0; i < BLOWFISH_WORDS; i += 2) {
            l ^= salt[i & 2];
            r ^= salt[(i & 2) + 1];
            for (int k = 0; k < ROUNDS; k += 2) {
                l ^= st[k];
                r ^= f(st, l) ^ st[k + 1];
                l ^= f(st, r);
            }
            int left = r ^ st[17];
            r = l ^ st[16];
            l = left;
            st[i] = l;
            st[i + 1] = r;
        }

        // 2^cost times: a plain key expansion with the password, then one with the salt. This is
        // where all the time goes, so the 16 rounds are unrolled and each is written
        // "r = r ^ P ^ F(l)": the XOR with P then happens while F's loads are in flight, leaving a
        // single XOR after F on the critical path.
        for (long phase = 2L << cost; phase > 0; phase--) {
            int mix = (phase & 1) == 0 ? PASSWORD_WORDS_AT : SALT_WORDS_AT;
            for (int i = 0; i < P_WORDS; i++) {
                st[i] ^= st[mix + i];
            }
            l = 0;
            r = 0;
            // The first 9 blocks replace the P-array they are encrypted with.
            for (int i = 0; i < P_WORDS; i += 2) {
                l ^= st[0];
                r = r ^ st[1] ^ f(st, l);
                l = l ^ st[2] ^ f(st, r);
                r = r ^ st[3] ^ f(st, l);
                l = l ^ st[4] ^ f(st, r);
                r = r ^ st[5] ^ f(st, l);
                l = l ^ st[6] ^ f(st, r);
                r = r ^ st[7] ^ f(st, l);
                l = l ^ st[8] ^ f(st, r);
                r = r ^ st[9] ^ f(st, l);
                l = l ^ st[10] ^ f(st, r);
                r = r ^ st[11] ^ f(st, l);
                l = l ^ st[12] ^ f(st, r);
                r = r ^ st[13] ^ f(st, l);
                l = l ^ st[14] ^ f(st, r);
                r = r ^ st[15] ^ f(st, l);
                l = l ^ st[16] ^ f(st, r);
                int left = r ^ st[17];
                r = l;
                l = left;
                st[i] = l;
                st[i + 1] = r;
            }
            // The other 512 fill the S-boxes with P fixed, so the last XOR of one block (P17) and
            // the first of the next (P0) can be merged into one. The merged word is kept in the
            // array rather than in a local: the loop needs every register it can get.
            st[P0_XOR_P17] = st[0] ^ st[17];
            l ^= st[0];
            for (int i = S0; i < BLOWFISH_WORDS; i += 2) {
                r = r ^ st[1] ^ f(st, l);
                l = l ^ st[2] ^ f(st, r);
                r = r ^ st[3] ^ f(st, l);
                l = l ^ st[4] ^ f(st, r);
                r = r ^ st[5] ^ f(st, l);
                l = l ^ st[6] ^ f(st, r);
                r = r ^ st[7] ^ f(st, l);
                l = l ^ st[8] ^ f(st, r);
                r = r ^ st[9] ^ f(st, l);
                l = l ^ st[10] ^ f(st, r);
                r = r ^ st[11] ^ f(st, l);
                l = l ^ st[12] ^ f(st, r);
                r = r ^ st[13] ^ f(st, l);
                l = l ^ st[14] ^ f(st, r);
                r = r ^ st[15] ^ f(st, l);
                l = l ^ st[16] ^ f(st, r);
                st[i] = r ^ st[17];
                st[i + 1] = l;
                int next = r ^ st[P0_XOR_P17];
                r = l;
                l = next;
            }
        }

        for (int n = 0; n < MAGIC_ENCRYPTIONS; n++) {
            for (int b = 0; b < text.length; b += 2) {
                l = text[b];
                r = text[b + 1];
                for (int k = 0; k < ROUNDS; k += 2) {
                    l ^= st[k];
                    r ^= f(st, l) ^ st[k + 1];
                    l ^= f(st, r);
                }
                text[b] = r ^ st[17];
                text[b + 1] = l ^ st[16];
            }
        }
        Arrays.fill(st, 0);
        return text;
    }

    /** Blowfish's round function F. Small enough that the JIT always inlines it. */
    private static int f(int[] st, int x) {
        return ((st[S0 + (x >>> 24)] + st[S1 + ((x >>> 16) & 0xff)]) ^ st[S2 + ((x >>> 8) & 0xff)]) + st[S3 + (x & 0xff)];
    }
}
