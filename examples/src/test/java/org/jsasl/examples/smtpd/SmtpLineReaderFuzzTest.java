package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): what a client sends, read line by line by the example SMTP server's
 * {@link SmtpLineReader}, compared with the contract written out here: a line ends at LF, one CR
 * before it is dropped; a line of at most {@code max} bytes (without its line end) is returned as
 * sent; a longer one is dropped and reported as {@link SmtpLineReader.LineTooLongException}, and
 * reading goes on after it; more than 64 times {@code max} bytes without a line end, or the end of the
 * stream inside a line, is an IOException that ends the connection; the end of the stream between
 * lines is null. Regression inputs:
 * {@code src/test/resources/org/jsasl/examples/smtpd/SmtpLineReaderFuzzTestInputs/}.
 */
class SmtpLineReaderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void lines(FuzzedDataProvider data) throws Exception {
        int max = data.consumeInt(1, 600);
        byte[] input = data.consumeRemainingAsBytes();
        SmtpLineReader reader = new SmtpLineReader(new ByteArrayInputStream(input));
        int at = 0;
        while (true) {
            int lf = indexOf(input, (byte) '\n', at);
            if (lf < 0) {
                int rest = input.length - at;
                if (rest == 0) {
                    assertNull(reader.readLine(max), "the end of the stream between lines");
                } else {
                    IOException e = assertThrows(IOException.class, () -> reader.readLine(max),
                            "the stream ends inside a line");
                    assertTrue(!(e instanceof SmtpLineReader.LineTooLongException), "an unended line is no line");
                }
                return;
            }
            int end = lf > at && input[lf - 1] == '\r' ? lf - 1 : lf;
            int length = end - at;
            // The reader keeps max + 1 bytes (room for the CR) and counts what it drops after them.
            long dropped = Math.max(0, (lf - at) - (max + 1L));
            if (dropped > 64L * max) {
                IOException e = assertThrows(IOException.class, () -> reader.readLine(max), "a line without end");
                assertTrue(!(e instanceof SmtpLineReader.LineTooLongException), "too long to wait for its end");
                return;
            }
            if (length > max) {
                assertThrows(SmtpLineReader.LineTooLongException.class, () -> reader.readLine(max),
                        "a line of " + length + " bytes, more than " + max);
            } else {
                byte[] line = reader.readLine(max);
                assertArrayEquals(Arrays.copyOfRange(input, at, end), line, "the line as sent");
                assertEquals(length, line.length);
            }
            at = lf + 1;
        }
    }

    static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
