package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cyrus' placeholder templates become prepared statements: user input only ever as bound parameters. */
class SqlStatementTest {

    private static final SqlStatement.Values VALUES =
            new SqlStatement.Values("bob", "example.org", "userPassword", "s3cret");

    /** The values bound, in order, captured through a proxy PreparedStatement. */
    private static List<String> bound(SqlStatement s) throws Exception {
        List<String> out = new ArrayList<>();
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setString")) {
                        out.add((String) args[1]);
                    }
                    return null;
                });
        s.bind(ps, VALUES);
        return out;
    }

    private static SqlStatement pg(String template) {
        return SqlStatement.parse(template, SqlEngine.PGSQL);
    }

    @Test
    void knowsWhetherTheRealmIsPartOfTheLookup() {
        assertFalse(pg("SELECT password FROM mailbox WHERE local_part='%u' AND active='1'").usesRealm());
        assertFalse(pg("SELECT password FROM t WHERE u=%u AND note='%%r'").usesRealm());
        assertTrue(pg("SELECT password FROM t WHERE email='%u@%r'").usesRealm());
        assertTrue(pg("SELECT password FROM t WHERE u='%u' AND domain=%r").usesRealm());
    }

    @Test
    void theSeedsSelectBindsTheUserAndKeepsTheConstant() throws Exception {
        SqlStatement s = pg("SELECT password FROM mailbox WHERE local_part='%u' AND active='1'");
        assertEquals("SELECT password FROM mailbox WHERE local_part=? AND active='1'", s.sql("userPassword"));
        assertEquals(List.of("bob"), bound(s));
    }

    @Test
    void aQuotedLiteralWithSeveralPlaceholdersIsOneParameter() throws Exception {
        SqlStatement s = pg("SELECT pw FROM users WHERE email = '%u@%r'");
        assertEquals("SELECT pw FROM users WHERE email = ?", s.sql("userPassword"));
        assertEquals(List.of("bob@example.org"), bound(s));
    }

    @Test
    void unquotedPlaceholdersAreParametersToo() throws Exception {
        SqlStatement s = pg("SELECT pw FROM users WHERE name = %u AND realm = %r");
        assertEquals("SELECT pw FROM users WHERE name = ? AND realm = ?", s.sql("userPassword"));
        assertEquals(List.of("bob", "example.org"), bound(s));
    }

    @Test
    void propertyNameOutsideQuotesIsAColumnInsideQuotesAValue() throws Exception {
        SqlStatement col = pg("SELECT %p FROM users WHERE user = '%u'");
        assertEquals("SELECT userPassword FROM users WHERE user = ?", col.sql("userPassword"));
        assertTrue(col.usesProperty());
        SqlStatement val = pg("SELECT value FROM props WHERE user = '%u' AND name = '%p'");
        assertEquals("SELECT value FROM props WHERE user = ? AND name = ?", val.sql("userPassword"));
        assertEquals(List.of("bob", "userPassword"), bound(val));
        SqlStatement ident = pg("SELECT \"%p\" FROM users WHERE user = '%u'");
        assertEquals("SELECT \"userPassword\" FROM users WHERE user = ?", ident.sql("userPassword"));
    }

    @Test
    void percentEscapesAndUnknownPlaceholdersStayAsCyrusLeavesThem() throws Exception {
        SqlStatement s = pg("SELECT pw FROM u WHERE n LIKE 'a%%' AND x = '%x%u' AND y = 100%% AND z = %q;");
        assertEquals("SELECT pw FROM u WHERE n LIKE 'a%' AND x = ? AND y = 100% AND z = %q", s.sql("userPassword"));
        assertEquals(List.of("%xbob"), bound(s));
    }

    @Test
    void trailingSemicolonAndPercentAreHarmless() {
        assertEquals("SELECT 1", pg("SELECT 1 ;").sql("p"));
        assertEquals("SELECT 5 %", pg("SELECT 5 %").sql("p"));
    }

    @Test
    void doubledQuotesInsideLiteralsAreUnescaped() throws Exception {
        SqlStatement s = pg("SELECT pw FROM u WHERE n = 'it''s %u'");
        assertEquals(List.of("it's bob"), bound(s));
    }

    @Test
    void literalsWithoutPlaceholdersKeepTheirMeaning() {
        assertEquals("SELECT 'it''s' FROM t", pg("SELECT 'it''s' FROM t").sql("p"));
        assertEquals("SELECT 'a\\\\b', 'x''y' FROM t",
                SqlStatement.parse("SELECT 'a\\\\b', 'x\\'y' FROM t", SqlEngine.MYSQL).sql("p"));
    }

    @Test
    void mysqlDoubleQuotesAreStringsAndBackslashesEscape() throws Exception {
        SqlStatement s = SqlStatement.parse("SELECT pw FROM u WHERE n = \"%u\" AND m = 'a\\'b%r'", SqlEngine.MYSQL);
        assertEquals("SELECT pw FROM u WHERE n = ? AND m = ?", s.sql("userPassword"));
        assertEquals(List.of("bob", "a'bexample.org"), bound(s));
    }

    @Test
    void userInputInsideAQuotedIdentifierIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pg("SELECT pw FROM \"%u\""));
        assertTrue(e.getMessage().contains("%u inside the quoted identifier"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SqlStatement.parse("SELECT `%r` FROM t", SqlEngine.MYSQL));
    }

    @Test
    void unterminatedQuoteIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> pg("SELECT pw FROM u WHERE n = '%u"))
                .getMessage().contains("unterminated"));
    }

    @Test
    void commentsAreLeftAlone() {
        SqlStatement s = pg("SELECT pw FROM u -- by '%u'\nWHERE n = '%u' /* '%r' */");
        assertEquals("SELECT pw FROM u -- by '%u'\nWHERE n = ? /* '%r' */", s.sql("p"));
        assertEquals(1, s.parameterCount());
    }

    @Test
    void valuePlaceholderIsBoundInStores() throws Exception {
        SqlStatement s = pg("UPDATE users SET pw = '%v' WHERE name = '%u'");
        assertTrue(s.usesValue());
        assertEquals(List.of("s3cret", "bob"), bound(s));
        assertFalse(VALUES.toString().contains("s3cret"), "Values never prints the value");
    }

    @Test
    void theCompareAndSetTemplateBindsTheOldValueAsAParameter() throws Exception {
        SqlStatement s = SqlStatement.parseCompareAndSet(
                "UPDATE mailbox SET password=%v WHERE local_part='%u' AND password=%o", SqlEngine.PGSQL);
        assertTrue(s.usesValue());
        assertTrue(s.usesOldValue());
        assertEquals("UPDATE mailbox SET password=? WHERE local_part=? AND password=?", s.sql("userPassword"));
        List<String> out = new ArrayList<>();
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setString")) {
                        out.add((String) args[1]);
                    }
                    return null;
                });
        s.bind(ps, new SqlStatement.Values("bob", "example.org", "userPassword", "$6$new", "$1$old' OR '1'='1"));
        assertEquals(List.of("$6$new", "bob", "$1$old' OR '1'='1"), out);
        assertThrows(IllegalArgumentException.class, () -> SqlStatement.parseCompareAndSet(
                "UPDATE \"%o\" SET password=%v", SqlEngine.PGSQL), "%o inside an identifier");
    }

    @Test
    void cyrusKeysLeavePercentOAsItIs() {
        SqlStatement s = pg("UPDATE mailbox SET password='%v' WHERE local_part='%u' AND note='%o'");
        assertFalse(s.usesOldValue());
        assertEquals(2, s.parameterCount());
    }

    /**
     * SQL the parser would read differently from the driver is refused at load, naming what and
     * where (issue 13: such templates used to shift the parameters, and every login failed as
     * "unavailable" with the driver's parameter-count error).
     */
    @Test
    void sqlTheDriverWouldReadDifferentlyIsRefused() {
        String[][] refused = {
            {"pgsql", "SELECT pw FROM u WHERE n = ? AND m = '%u'", "'?' outside quotes at character 28"},
            {"sqlite3", "SELECT pw FROM u WHERE n = '%u' AND ?1 = 1", "'?' outside quotes"},
            {"mysql", "SELECT pw FROM u WHERE n = '%u' AND j ?", "'?' outside quotes"},
            {"pgsql", "SELECT pw FROM u WHERE n = $$x'%u'$$", "dollar-quoted string"},
            {"pgsql", "SELECT pw FROM u WHERE n = $1", "dollar-quoted string or $n parameter"},
            {"pgsql", "SELECT pw FROM u WHERE n = E'a\\'' || '%u'", "E'...' string"},
            {"mysql", "SELECT pw FROM u WHERE n = '%u' AND 1=1--'%r'", "\"--\" without a space"},
        };
        for (String[] r : refused) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SqlStatement.parse(r[1], SqlEngine.of(r[0])), r[1]);
            assertTrue(e.getMessage().contains(r[2]) && e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    @Test
    void whatTheDriversReadAlikeStaysAccepted() {
        // '?' and '$' in quotes, identifiers and comments; $ inside a PostgreSQL identifier; an
        // identifier ending in e before a string; MySQL's # comment hides a placeholder as the driver does.
        assertEquals("SELECT pw FROM u WHERE n = ? AND q = 'why?' /* ? */",
                pg("SELECT pw FROM u WHERE n = '%u' AND q = 'why?' /* ? */").sql("userPassword"));
        assertEquals("SELECT pw$1 FROM u WHERE n = ? AND \"a$b\" = 'x$$'",
                pg("SELECT pw$1 FROM u WHERE n = '%u' AND \"a$b\" = 'x$$'").sql("userPassword"));
        SqlStatement mysql = SqlStatement.parse("SELECT pw FROM u WHERE n = '%u' # and r = '%r'\nAND 1 -- '%r'",
                SqlEngine.MYSQL);
        assertEquals(1, mysql.parameterCount());
        assertEquals("SELECT pw FROM u WHERE n = ? # and r = '%r'\nAND 1 -- '%r'", mysql.sql("userPassword"));
        assertEquals(1, pg("SELECT pw FROM u WHERE name='%u'").parameterCount());
    }
}
