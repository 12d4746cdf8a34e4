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

    /**
     * Finding 4 (a product bug, fixed): two placeholders side by side outside quotes became "??",
     * which pgjdbc reads as one literal '?': jsasl bound two parameters, the driver expected none,
     * and every login failed as unavailable. Adjacent parameter marks are now apart.
     */
    @Test
    void adjacentPlaceholdersStayTwoParametersForTheDriver() throws Exception {
        SqlStatement s = SqlStatement.parse("SELECT pw FROM u WHERE n = %u%r", SqlEngine.PGSQL);
        assertEquals("SELECT pw FROM u WHERE n = ? ?", s.sql("userPassword"));
        int driverCount = 0;
        for (org.postgresql.core.NativeQuery q : org.postgresql.core.Parser.parseJdbcSql(s.sql("userPassword"),
                true, true, true, false, false)) {
            driverCount += q.bindPositions.length;
        }
        assertEquals(2, driverCount);
        assertEquals("SELECT pw FROM u WHERE n = ? ?", SqlStatement.parse("SELECT pw FROM u WHERE n = '%u'%r",
                SqlEngine.PGSQL).sql("userPassword"));
    }

    /**
     * Finding 5 (a product bug, fixed): a '%' before a quote took the quote for text, so "'a%'"
     * (a LIKE pattern) ran on past its end and the template was refused as unterminated, and outside
     * quotes "%'" hid the start of a string from jsasl but not from the driver. A '%' that names no
     * placeholder is now text alone, as in Cyrus, and the quote is read as SQL.
     */
    @Test
    void aPercentBeforeAQuoteLeavesTheQuoteToSql() {
        SqlStatement like = SqlStatement.parse("SELECT pw FROM u WHERE n = '%u' AND d LIKE '%'", SqlEngine.PGSQL);
        assertEquals("SELECT pw FROM u WHERE n = ? AND d LIKE '%'", like.sql("userPassword"));
        assertEquals(1, like.parameterCount());
        SqlStatement outside = SqlStatement.parse("SELECT pw FROM u WHERE n = 5%'%u'", SqlEngine.PGSQL);
        assertEquals("SELECT pw FROM u WHERE n = 5%?", outside.sql("userPassword"));
        assertEquals(1, outside.parameterCount());
    }

    /**
     * Finding 6 (a product bug, fixed): PostgreSQL's block comments nest, and pgjdbc reads them so;
     * jsasl ended one at its first "*" "/", so a placeholder after an inner comment was a parameter
     * to jsasl and comment text to the driver. In MySQL and SQLite comments do not nest.
     */
    @Test
    void postgresqlBlockCommentsNest() {
        String template = "SELECT pw FROM u /* a /* b */ '%r' */ WHERE n = '%u'";
        SqlStatement pg = SqlStatement.parse(template, SqlEngine.PGSQL);
        assertEquals("SELECT pw FROM u /* a /* b */ '%r' */ WHERE n = ?", pg.sql("userPassword"));
        assertEquals(1, pg.parameterCount());
        assertFalse(pg.usesRealm());
        SqlStatement sqlite = SqlStatement.parse("SELECT pw FROM u /* a /* b */ WHERE n = '%u'", SqlEngine.SQLITE3);
        assertEquals(1, sqlite.parameterCount());
        // Finding 7: pgjdbc ends "/*/" at its own '/', PostgreSQL does not; refused.
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SqlStatement.parse("SELECT pw FROM u /*/ x */ WHERE n = '%u'", SqlEngine.PGSQL))
                .getMessage().contains("\"/*/\""));
    }

    /**
     * Finding 8 (a product bug, fixed): a backtick quotes identifiers in MySQL and SQLite only; in
     * PostgreSQL it is an ordinary character, so what jsasl skipped as an identifier ("`?`") held a
     * parameter for pgjdbc. SQLite's [brackets] are identifier quotes, read as SQLite reads them.
     */
    @Test
    void identifierQuotesAreTheEnginesOwn() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SqlStatement.parse("SELECT `?` FROM u WHERE n = '%u'", SqlEngine.PGSQL))
                .getMessage().contains("'?' outside quotes"));
        assertEquals(1, SqlStatement.parse("SELECT `?` FROM u WHERE n = '%u'", SqlEngine.MYSQL).parameterCount());
        assertEquals("SELECT [pw ?] FROM u WHERE n = ?",
                SqlStatement.parse("SELECT [pw ?] FROM u WHERE n = '%u'", SqlEngine.SQLITE3).sql("userPassword"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SqlStatement.parse("SELECT [%u] FROM u", SqlEngine.SQLITE3)).getMessage().contains("%u inside"));
    }

    /**
     * Finding 9 (a product bug, fixed): whether a '$' starts a PostgreSQL dollar quote depends on
     * the SQL written before it, not on the template: "%r$$%r" writes "?$$?", one parameter and a
     * dollar-quoted string to pgjdbc. Refused now; after a word ("pw$1", "%p$$") a '$' stays text.
     */
    @Test
    void aDollarAfterAPlaceholderIsADollarQuote() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SqlStatement.parse("SELECT pw FROM u WHERE n = %u$$%r", SqlEngine.PGSQL))
                .getMessage().contains("dollar-quoted"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SqlStatement.parse("SELECT pw FROM u WHERE n = %uE'x'", SqlEngine.PGSQL))
                .getMessage().contains("E'...'"));
        assertEquals("SELECT userPassword$$ FROM u WHERE n = ?",
                SqlStatement.parse("SELECT %p$$ FROM u WHERE n = '%u'", SqlEngine.PGSQL).sql("userPassword"));
    }

    /** Finding 10 (a product bug, fixed): a line comment ends at a CR as well as at an LF, as pgjdbc reads it. */
    @Test
    void aLineCommentEndsAtACarriageReturn() {
        SqlStatement s = SqlStatement.parse("SELECT pw FROM u -- by name\rWHERE n = '%u'", SqlEngine.PGSQL);
        assertEquals(1, s.parameterCount());
        assertEquals("SELECT pw FROM u -- by name\rWHERE n = ?", s.sql("userPassword"));
    }
}
