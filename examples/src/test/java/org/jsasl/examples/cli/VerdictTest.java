package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void linesAndExitStatuses() {
        assertEquals("OK", Verdict.ok().line());
        assertEquals(0, Verdict.ok().exitCode());
        assertEquals("NO: wrong", Verdict.no("wrong").line());
        assertEquals(1, Verdict.no("wrong").exitCode());
        assertEquals("TEMPFAIL: down", Verdict.tempfail("down").line());
        assertEquals(2, Verdict.tempfail("down").exitCode());
    }

    @Test
    void reasonIsAlwaysOneNonEmptyLine() {
        assertEquals("NO: a  b", Verdict.no("a\r\nb\n").line());
        assertEquals("TEMPFAIL: unknown reason", Verdict.tempfail(null).line());
        assertEquals("NO: unknown reason", Verdict.no(" ").line());
    }
}
