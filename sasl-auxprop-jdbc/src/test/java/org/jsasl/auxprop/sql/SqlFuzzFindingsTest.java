package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What SqlStatementFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
class SqlFuzzFindingsTest {

    /**
     * Finding (not a product bug: the target took the template's own text for a value): a '%' before
     * a character that names no placeholder, a control character here, stays as SQL text with what
     * follows it, as in Cyrus; only %u %r %p %v (and %o) are placeholders, and %% is a '%'.
     */
    @Test
    void aPercentBeforeNoPlaceholderStaysText() {
        SqlStatement s = SqlStatement.parse("SELECT pw FROM t WHERE u = %u AND x6%\u0001O\u0001 AND note='%%x'",
                SqlEngine.PGSQL);
        assertEquals("SELECT pw FROM t WHERE u = ? AND x6%\u0001O\u0001 AND note='%x'", s.sql("userPassword"));
        assertEquals(1, s.parameterCount());
    }
}
