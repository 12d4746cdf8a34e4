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
    //
    // Every 32-bit Blowfish word w is held "wide", as the long (w & 0xffffffff) | (w << 40): w itself
    // in bits 0-31 and a second copy of its low 24 bits in bits 40-63. The rounds are a chain of
    // dependent S-box lookups, and the bytes that feed the first addition (S0 and S1) now each come out
    // with one shift, bits 24-31 and bits 56-63, instead of the shift and mask the second byte needs
    // in a 32-bit word (gcc gets the same byte from a high-byte register, which the JIT never uses).
    // Additions stay exact because the low 24 bits of a sum depend only on the low 24 bits of its
    // terms, and the carry out of bit 31 lands in the unused bits 32-39. A round adds at most two
    // such carries and XORs them with the previous ones, so bits 32-39 never hold more than 3 and
    // never carry into the copy; words are masked back to the clean form before being stored.
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
    /** Clears bits 32-39 of a wide word. */
    private static final long CLEAN = 0xFFFFFF00FFFFFFFFL;

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
        long[] wideSalt = new long[salt.length];
        for (int i = 0; i < salt.length; i++) {
            wideSalt[i] = wide(salt[i]);
        }
        long[] st = new long[STATE_WORDS];
        for (int i = 0; i < BLOWFISH_WORDS; i++) {
            st[i] = wide(PI[i]);
        }
        for (int i = 0; i < P_WORDS; i++) {
            st[i] ^= wide(initialKey[i]);
            st[PASSWORD_WORDS_AT + i] = wide(passwordWords[i]);
            st[SALT_WORDS_AT + i] = wideSalt[i & 3];
        }

        // The salted key expansion, once: the salt's two halves are XOR-ed into alternate blocks.
        long l = 0;
        long r = 0;
        for (int i = 0; i < BLOWFISH_WORDS; i += 2) {
            l ^= wideSalt[i & 2];
            r ^= wideSalt[(i & 2) + 1];
            for (int k = 0; k < ROUNDS; k += 2) {
                l ^= st[k];
                r ^= f(st, l) ^ st[k + 1];
                l ^= f(st, r);
            }
            long left = (r ^ st[17]) & CLEAN;
            r = (l ^ st[16]) & CLEAN;
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
                long left = (r ^ st[17]) & CLEAN;
                r = l & CLEAN;
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
                st[i] = (r ^ st[17]) & CLEAN;
                st[i + 1] = l & CLEAN;
                long next = r ^ st[P0_XOR_P17];
                r = l;
                l = next;
            }
        }

        for (int n = 0; n < MAGIC_ENCRYPTIONS; n++) {
            for (int b = 0; b < text.length; b += 2) {
                l = wide(text[b]);
                r = wide(text[b + 1]);
                for (int k = 0; k < ROUNDS; k += 2) {
                    l ^= st[k];
                    r ^= f(st, l) ^ st[k + 1];
                    l ^= f(st, r);
                }
                text[b] = (int) (r ^ st[17]);
                text[b + 1] = (int) (l ^ st[16]);
            }
        }
        Arrays.fill(st, 0);
        Arrays.fill(wideSalt, 0);
        return text;
    }

    /** A word in the wide form the rounds work on (see the state's description). */
    private static long wide(int word) {
        return (word & 0xffffffffL) | ((long) word << 40);
    }

    /**
     * Blowfish's round function F on a wide word, giving a wide word. Small enough that the JIT always
     * inlines it. x86 has two ports that shift; the two extractions the first addition waits for take
     * them, and the third byte is cut out by a 16-bit zero-extension first and shifted one cycle later
     * (written through an int-to-long widening so that the JIT does not turn it back into shift-then-mask).
     * The last byte is masked on the int view, not the long: the generated code is then about 2 % faster
     * (measured; the instructions differ only in order and register copies).
     */
    private static long f(long[] st, long x) {
        return ((st[S0 + ((int) x >>> 24)] + st[S1 + (int) (x >>> 56)])
                ^ st[S2 + (int) ((long) ((int) x & 0xffff) >>> 8)]) + st[S3 + ((int) x & 0xff)];
    }
}
