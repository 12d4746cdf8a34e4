package org.jsasl.mech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free validator agrees with the JDK's strict decoder on every input. */
class Utf8Test {

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void edgeCasesAgreeWithTheJdk() {
        byte[][] cases = {
            bytes(), bytes(0x41), bytes(0xc3, 0xa4), bytes(0xc0, 0x80), bytes(0xc1, 0xbf), bytes(0xe0, 0x80, 0x80),
            bytes(0xe0, 0xa0, 0x80), bytes(0xed, 0xa0, 0x80), bytes(0xed, 0x9f, 0xbf), bytes(0xef, 0xbf, 0xbf),
            bytes(0xf0, 0x80, 0x80, 0x80), bytes(0xf0, 0x90, 0x80, 0x80), bytes(0xf4, 0x8f, 0xbf, 0xbf),
            bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xf5, 0x80, 0x80, 0x80), bytes(0xff), bytes(0x80), bytes(0xc3),
            bytes(0xe2, 0x82), bytes(0xf0, 0x9f, 0x98), bytes(0x61, 0xc3), bytes(0xc3, 0x28), bytes(0xe2, 0x28, 0xa1),
        };
        for (byte[] c : cases) {
            assertEquals(jdkAccepts(c), Utf8.isValid(c, 0, c.length), java.util.Arrays.toString(c));
        }
    }

    @Test
    void randomInputsAgreeWithTheJdk() {
        Random r = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[r.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                // Bias towards the interesting lead and continuation bytes.
                b[i] = (byte) (r.nextBoolean() ? 0x80 + r.nextInt(0x80) : r.nextInt(256));
            }
            assertEquals(jdkAccepts(b), Utf8.isValid(b, 0, b.length), java.util.Arrays.toString(b));
        }
    }

    @Test
    void decodeRespectsOffsetAndLength() {
        byte[] b = "x\u00e4y".getBytes(StandardCharsets.UTF_8);
        assertEquals("\u00e4", Utf8.decode(b, 1, 2));
        assertEquals("", Utf8.decode(b, 0, 0));
        assertTrue(Utf8.isValid(b, 0, b.length));
        assertFalse(Utf8.isValid(b, 1, 1), "a sequence cut by the length is invalid");
    }
}
