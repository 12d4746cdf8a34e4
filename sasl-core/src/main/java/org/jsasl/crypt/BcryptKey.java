package org.jsasl.crypt;

import java.util.Arrays;

/**
 * The Blowfish key words bcrypt derives from a password: the password's bytes and its
 * terminating NUL, repeated until 72 bytes, packed big-endian into 18 words, with
 * crypt_blowfish's {@code $2x$} and {@code $2a$} peculiarities.
 */
final class BcryptKey {

    /** Bytes of key material: the P-array's 18 words; longer passwords are cut here. */
    static final int KEY_BYTES = BlowfishPi.P_WORDS * 4;

    /** The bit crypt_blowfish flips in the first initial key word for {@code $2a$} (see {@link #derive}). */
    private static final int SAFETY_BIT = 0x10000;

    private final int[] expanded;
    private final int[] initial;

    private BcryptKey(int[] expanded, int[] initial) {
        this.expanded = expanded;
        this.initial = initial;
    }

    /**
     * Derives the key words.
     *
     * @param password the password's bytes; only the first {@code length} are read, never modified
     * @param length the password's length as C sees it (up to, not including, its first NUL)
     */
    static BcryptKey derive(byte[] password, int length, BcryptVariant variant) {
        int[] correct = new int[BlowfishPi.P_WORDS];
        int[] signExtended = new int[BlowfishPi.P_WORDS];
        boolean packingsDiffer = false;
        boolean highByteInsideWord = false;
        int pos = 0;
        for (int w = 0; w < correct.length; w++) {
            int c = 0;
            int s = 0;
            for (int j = 0; j < 4; j++) {
                // The byte after the password is its NUL, after which the password starts again.
                int b = pos < length ? password[pos] : 0;
                c = (c << 8) | (b & 0xff);
                // The $2x$ bug: a char was sign-extended to 32 bits before being OR-ed in, so a byte
                // >= 0x80 sets all bits above it and wipes out the bytes packed before it.
                s = (s << 8) | b;
                if (j > 0 && b < 0) {
                    highByteInsideWord = true;
                }
                pos = pos < length ? pos + 1 : 0;
            }
            packingsDiffer |= c != s;
            correct[w] = c;
            signExtended[w] = s;
        }
        int[] expanded;
        if (variant.signExtensionBug()) {
            expanded = signExtended;
            Arrays.fill(correct, 0);
        } else {
            expanded = correct;
            Arrays.fill(signExtended, 0);
        }
        int[] initial = expanded.clone();
        // crypt_blowfish's countermeasure for $2a$: when a byte >= 0x80 sits where the bug could
        // have struck, yet buggy and correct packing agree, a $2a$ hash would equal the $2x$ hash of
        // the same password; flipping one bit of the first key word used for the initial state (not
        // the words re-applied in the expensive loop) keeps the two apart.
        if (variant.collisionSafety() && highByteInsideWord && !packingsDiffer) {
            initial[0] ^= SAFETY_BIT;
        }
        return new BcryptKey(expanded, initial);
    }

    /** The words XOR-ed into the P-array by every key expansion of the expensive loop. */
    int[] expanded() {
        return expanded;
    }

    /** The words XOR-ed into the initial P-array, before the salted key expansion. */
    int[] initial() {
        return initial;
    }

    /** Overwrites the key words. */
    void clear() {
        Arrays.fill(expanded, 0);
        Arrays.fill(initial, 0);
    }
}
