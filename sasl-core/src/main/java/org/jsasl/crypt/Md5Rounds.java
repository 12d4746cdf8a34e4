package org.jsasl.crypt;

import java.util.Arrays;

/**
 * MD5-crypt's 1000 rounds on {@link Md5} message words. Each of the eight round layouts of
 * {@link RoundInputs} is padded and turned into words once; a round then places the previous
 * digest's four state words into its slot, shifting them when the slot is not word-aligned, and
 * compresses. The digest never goes through memory as bytes, which would stall the processor on
 * loads that straddle the bytes just stored.
 */
final class Md5Rounds {

    static final int ROUNDS = 1000;

    private Md5Rounds() {
    }

    /**
     * The digest after the rounds.
     *
     * @param p the password
     * @param s the salt
     * @param initial the digest before the first round; wiped
     */
    static byte[] run(byte[] p, byte[] s, byte[] initial) {
        RoundInputs in = new RoundInputs(p, s, Md5.DIGEST_BYTES);
        int[][] words = new int[8][];
        int[] slotWord = new int[8];
        int[] slotShift = new int[8];
        int[] head = new int[8];
        int[] tail = new int[8];
        for (int layout = 0; layout < 8; layout++) {
            int[] w = Md5.paddedWords(in.buffer(layout), in.length(layout));
            int offset = in.digestOffset(layout);
            slotWord[layout] = offset >>> 2;
            slotShift[layout] = (offset & 3) * 8;
            // The slot is still zero, so these are just the neighbours' bytes sharing its end words.
            head[layout] = w[slotWord[layout]];
            tail[layout] = slotShift[layout] != 0 ? w[slotWord[layout] + 4] : 0;
            words[layout] = w;
        }
        in.clear();

        int[] state = new int[4];
        Md5.load(initial, state);
        Arrays.fill(initial, (byte) 0);

        int cycle = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int layout = RoundInputs.layoutAt(cycle);
            cycle = RoundInputs.nextCycleIndex(cycle);
            int[] w = words[layout];
            int q = slotWord[layout];
            int r = slotShift[layout];
            if (r == 0) {
                w[q] = state[0];
                w[q + 1] = state[1];
                w[q + 2] = state[2];
                w[q + 3] = state[3];
            } else {
                int back = 32 - r;
                w[q] = head[layout] | state[0] << r;
                w[q + 1] = state[0] >>> back | state[1] << r;
                w[q + 2] = state[1] >>> back | state[2] << r;
                w[q + 3] = state[2] >>> back | state[3] << r;
                w[q + 4] = tail[layout] | state[3] >>> back;
            }
            Md5.digestWords(state, w);
        }

        byte[] result = new byte[Md5.DIGEST_BYTES];
        Md5.store(state, result);
        Arrays.fill(state, 0);
        for (int[] w : words) {
            Arrays.fill(w, 0);
        }
        Arrays.fill(head, 0);
        Arrays.fill(tail, 0);
        return result;
    }
}
