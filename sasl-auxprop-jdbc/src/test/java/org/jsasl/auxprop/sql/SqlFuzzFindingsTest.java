package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What SqlParametersFuzzTest and SqlTemplatesFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
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

    /**
     * Finding 2 (not a product bug, the same false alarm inside a literal): a quoted literal holding
     * placeholders is one parameter, the template's own text in it included; that text is the
     * administrator's, bound as a value, never SQL text.
     */
    @Test
    void aLiteralWithPlaceholdersBindsItsOwnTextToo() {
        SqlStatement s = SqlStatement.parse("UPDATE t SET x = ' WT %p =\u0001O\u0001%v' WHERE u = '%u'", SqlEngine.PGSQL);
        assertEquals("UPDATE t SET x = ? WHERE u = ?", s.sql("userPassword"));
        assertEquals(2, s.parameterCount());
    }

    /**
     * Finding 3 (not a product bug: the target's markers could be spelt by concatenation): '%vR%u'
     * binds value, "R" and user as one parameter; the realm is not in it and usesRealm is false.
     */
    @Test
    void aLiteralJoiningValueAndUserDoesNotUseTheRealm() {
        SqlStatement s = SqlStatement.parse("'%vR%u'", SqlEngine.PGSQL);
        assertEquals("?", s.sql("userPassword"));
        assertEquals(1, s.parameterCount());
        assertFalse(s.usesRealm());
        assertTrue(s.usesValue());
    }
}
