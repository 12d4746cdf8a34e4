package org.jsasl.crypt;

import java.util.Arrays;

/**
 * The inputs of the rounds MD5-crypt and SHA-crypt share: round {@code i} hashes
 * {@code (i odd ? P : C) + (i % 3 != 0 ? S : "") + (i % 7 != 0 ? P : "") + (i odd ? C : P)}, where
 * C is the previous round's digest. Only eight layouts exist, so each gets its own buffer with P and
 * S written once; a round then hashes one buffer, and its digest goes straight into the C slot of
 * the next round's buffer, so the loop neither assembles input nor allocates.
 */
final class RoundInputs {

    /** Layout bits: the round is odd, hashes S, hashes P a second time. */
    private static final int ODD = 4;
    private static final int SALT = 2;
    private static final int REPEAT = 1;

    /** The layout of round {@code i} is {@code LAYOUT_CYCLE[i % 42]}: 42 is lcm(2, 3, 7). */
    private static final int[] LAYOUT_CYCLE = new int[42];

    static {
        for (int i = 0; i < LAYOUT_CYCLE.length; i++) {
            LAYOUT_CYCLE[i] = ((i & 1) != 0 ? ODD : 0) | (i % 3 != 0 ? SALT : 0) | (i % 7 != 0 ? REPEAT : 0);
        }
    }

    private final byte[][] buffers = new byte[8][];
    private final int[] digestOffsets = new int[8];

    /**
     * @param p the password sequence P
     * @param s the salt sequence S
     * @param digestBytes the size of C, whose slot starts out as zeros
     */
    RoundInputs(byte[] p, byte[] s, int digestBytes) {
        for (int layout = 0; layout < 8; layout++) {
            boolean odd = (layout & ODD) != 0;
            byte[] buffer = new byte[p.length + digestBytes
                    + ((layout & SALT) != 0 ? s.length : 0) + ((layout & REPEAT) != 0 ? p.length : 0)];
            int at = odd ? put(buffer, 0, p) : digestBytes;
            if ((layout & SALT) != 0) {
                at = put(buffer, at, s);
            }
            if ((layout & REPEAT) != 0) {
                at = put(buffer, at, p);
            }
            if (odd) {
                digestOffsets[layout] = at;
            } else {
                put(buffer, at, p);
                digestOffsets[layout] = 0;
            }
            buffers[layout] = buffer;
        }
    }

    private static int put(byte[] buffer, int at, byte[] part) {
        System.arraycopy(part, 0, buffer, at, part.length);
        return at + part.length;
    }

    /** The layout of round {@code i}, for a caller that steps {@code i % 42} itself (see {@link #nextCycleIndex}). */
    static int layoutAt(int cycleIndex) {
        return LAYOUT_CYCLE[cycleIndex];
    }

    /** The cycle index after {@code cycleIndex}, wrapping at 42. */
    static int nextCycleIndex(int cycleIndex) {
        return cycleIndex == LAYOUT_CYCLE.length - 1 ? 0 : cycleIndex + 1;
    }

    byte[] buffer(int layout) {
        return buffers[layout];
    }

    /** How many bytes of {@link #buffer} a round hashes: all of them. */
    int length(int layout) {
        return buffers[layout].length;
    }

    /** Where C goes in {@link #buffer}. */
    int digestOffset(int layout) {
        return digestOffsets[layout];
    }

    /** Overwrites every buffer: they hold password-derived bytes. */
    void clear() {
        for (byte[] buffer : buffers) {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
