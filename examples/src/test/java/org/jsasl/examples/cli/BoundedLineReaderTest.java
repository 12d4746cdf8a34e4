package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static BoundedLineReader reader(String s) {
        return new BoundedLineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void stripsLfAndCrlfButNothingElse() throws Exception {
        BoundedLineReader r = reader("a\nb\r\n c \r\r\n\nlast");
        assertArrayEquals(bytes("a"), r.readLine());
        assertArrayEquals(bytes("b"), r.readLine());
        assertArrayEquals(bytes(" c \r"), r.readLine());
        assertArrayEquals(bytes(""), r.readLine());
        assertArrayEquals(bytes("last"), r.readLine());
        assertNull(r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void acceptsExactly4096BytesWithEitherLineEnd() throws Exception {
        String max = "m".repeat(BoundedLineReader.MAX_LINE_BYTES);
        BoundedLineReader r = reader(max + "\n" + max + "\r\n" + max);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(bytes(max), r.readLine());
        }
        assertNull(r.readLine());
    }

    @Test
    void longerLineThrowsAndIsSkippedByTheNextRead() throws Exception {
        String over = "o".repeat(BoundedLineReader.MAX_LINE_BYTES + 1);
        BoundedLineReader r = reader(over + "\n" + "o".repeat(20_000) + "\r\nnext\n" + over);
        assertThrows(BoundedLineReader.LineTooLongException.class, r::readLine);
        assertThrows(BoundedLineReader.LineTooLongException.class, r::readLine);
        assertArrayEquals(bytes("next"), r.readLine());
        assertThrows(BoundedLineReader.LineTooLongException.class, r::readLine);
        assertNull(r.readLine());
    }

    @Test
    void singleLineReadDoesNotWaitForTheRestOfAnEndlessLine() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'e';
            }
        };
        assertThrows(BoundedLineReader.LineTooLongException.class, () -> new BoundedLineReader(endless).readLine());
    }

    @Test
    void closeLeavesTheStreamOpen() throws IOException, BoundedLineReader.LineTooLongException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(bytes("x\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (BoundedLineReader r = new BoundedLineReader(in)) {
            r.readLine();
        }
        assertFalse(closed[0]);
    }

    @Test
    void runsTheHookBeforeEachReadThatMayWaitAndNeverWhileInputIsAvailable() throws Exception {
        int[] hooks = {0};
        int[] hooksWhenBurstCame = new int[3];
        int[] burst = {0};
        ScriptedInput in = new ScriptedInput(() -> hooksWhenBurstCame[burst[0]++] = hooks[0], "a\nb\nc", "\nd\n", "e\n");
        BoundedLineReader r = new BoundedLineReader(in, () -> hooks[0]++);
        assertArrayEquals(bytes("a"), r.readLine());
        assertArrayEquals(bytes("b"), r.readLine());
        assertEquals(1, hooks[0], "once, before the first burst; not while a and b were buffered");
        assertArrayEquals(bytes("c"), r.readLine());
        assertEquals(2, hooks[0], "before waiting for the rest of c");
        assertArrayEquals(bytes("d"), r.readLine());
        assertArrayEquals(bytes("e"), r.readLine());
        assertNull(r.readLine());
        assertArrayEquals(new int[] {1, 2, 3}, hooksWhenBurstCame, "the hook ran before every burst");
        assertEquals(4, hooks[0], "and before finding the end");
    }

    @Test
    void aFileNeverLooksLikeItMayWaitUntilItsEnd() throws Exception {
        int[] hooks = {0};
        String lines = "user\tpw\n".repeat(5000);
        BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(bytes(lines)), () -> hooks[0]++);
        for (int i = 0; i < 5000; i++) {
            r.readLine();
        }
        assertEquals(0, hooks[0]);
        assertNull(r.readLine());
        assertEquals(1, hooks[0]);
    }
}
