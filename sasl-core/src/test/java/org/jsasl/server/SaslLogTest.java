package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;

class SaslLogTest {

    @Test
    void logLevelFiltersCyrusLevels() {
        try (LogCapture capture = new LogCapture()) {
            SaslLog log = SaslLog.of(SaslLogTest.class, 2);
            log.err("e1");
            log.fail("f2");
            log.warn("w3");
            log.debug("d5");
            assertEquals(2, capture.lines().size(), capture.text());
            assertTrue(capture.lines().get(0).startsWith("ERROR"));
            assertTrue(capture.lines().get(1).startsWith("INFO"), "FAIL is written at INFO");
        }
    }

    @Test
    void levelZeroLogsNothing() {
        try (LogCapture capture = new LogCapture()) {
            SaslLog.of(SaslLogTest.class, 0).err("nothing");
            assertEquals(0, capture.lines().size());
        }
    }

    @Test
    void levelSevenWritesTraceLevel() {
        try (LogCapture capture = new LogCapture()) {
            SaslLog log = SaslLog.of(SaslLogTest.class, 7);
            log.trace("t6");
            log.log(SaslLog.CyrusLevel.PASS, "p7");
            assertEquals(2, capture.lines().size());
            assertTrue(capture.lines().get(1).startsWith("TRACE"));
        }
    }

    @Test
    void quoteEscapesControlCharactersAndTruncates() {
        assertEquals("'a\\x0ab'", SaslLog.quote("a\nb"));
        assertEquals(256 + 2 + 3, SaslLog.quote("x".repeat(1000)).length());
        assertEquals("null", SaslLog.quote(null));
    }
}
