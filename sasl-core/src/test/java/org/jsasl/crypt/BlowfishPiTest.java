package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The Blowfish constants are the hexadecimal digits of pi: recompute pi and compare every word. */
class BlowfishPiTest {

    @Test
    void everyWordIsPi() {
        int[] state = BlowfishPi.state();
        assertEquals(BlowfishPi.WORDS, state.length);
        int bits = state.length * 32;
        BigInteger fraction = piFraction(bits);
        for (int i = 0; i < state.length; i++) {
            int expected = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
            assertEquals(expected, state[i], "word " + i);
        }
    }

    @Test
    void wellKnownWords() {
        int[] state = BlowfishPi.state();
        assertEquals(0x243f6a88, state[0]);
        assertEquals(0x8979fb1b, state[17]);
        assertEquals(0xd1310ba6, state[18]);
        assertEquals(0x3ac372e6, state[BlowfishPi.WORDS - 1]);
    }

    @Test
    void stateIsACopy() {
        int[] a = BlowfishPi.state();
        a[0] = 0;
        assertEquals(0x243f6a88, BlowfishPi.state()[0]);
    }

    /** floor(frac(pi) * 2^bits), by Machin's formula pi = 16 atan(1/5) - 4 atan(1/239). */
    private static BigInteger piFraction(int bits) {
        int guard = 64;
        BigInteger one = BigInteger.ONE.shiftLeft(bits + guard);
        BigInteger pi = arctanOfInverse(5, one).shiftLeft(4).subtract(arctanOfInverse(239, one).shiftLeft(2));
        return pi.subtract(BigInteger.valueOf(3).shiftLeft(bits + guard)).shiftRight(guard);
    }

    private static BigInteger arctanOfInverse(int x, BigInteger one) {
        BigInteger x2 = BigInteger.valueOf((long) x * x);
        BigInteger power = one.divide(BigInteger.valueOf(x));
        BigInteger sum = power;
        for (int n = 1; power.signum() != 0; n++) {
            power = power.divide(x2);
            BigInteger term = power.divide(BigInteger.valueOf(2L * n + 1));
            sum = (n & 1) == 1 ? sum.subtract(term) : sum.add(term);
        }
        return sum;
    }
}
