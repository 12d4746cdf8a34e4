package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets (issue 13) for Cyrus' {@code sql_select}/{@code sql_insert}/{@code sql_update}
 * templates and jsasl's {@code jsasl_rehash_update}, as {@link SqlStatement} turns them into
 * prepared statements.
 * <ul>
 *   <li>{@link #userInputNeverReachesSql}: real templates with a fuzzed user, realm, value and old
 *       value: the SQL text is exactly the one the template gives with fixed values (user input only
 *       ever as parameters), and each bound parameter is the fixed values' one with the fuzzed
 *       values put in; a fuzzed property name is usable only when it is an identifier
 *       ({@code [A-Za-z][A-Za-z0-9_]{0,63}}), else SqlAuxprop refuses it.</li>
 *   <li>{@link #templates}: fuzzed templates either parse or are refused with an
 *       IllegalArgumentException that says why (the caller adds file, line and key); a parsed one
 *       binds exactly its parameter count, puts no value into its SQL text, and its
 *       {@code usesRealm}/{@code usesValue}/{@code usesProperty}/{@code usesOldValue} flags say
 *       exactly which values its parameters carry (the realm flag drives the "realm ignored"
 *       warning).</li>
 * </ul>
 * Regression inputs: {@code src/test/resources/org/jsasl/auxprop/sql/SqlStatementFuzzTestInputs/}.
 */
class SqlStatementFuzzTest {

    /** Templates from the guides, Cyrus' documentation and jsasl's own tests; MYSQL_ONLY for MySQL quoting. */
    static final String[] TEMPLATES = {
        "SELECT password FROM mailbox WHERE local_part='%u' AND active='1'",
        "SELECT pw FROM users WHERE email = '%u@%r'",
        "SELECT %p FROM users WHERE username = '%u' AND realm = '%r'",
        "SELECT value FROM props WHERE user = %u AND realm = %r AND name = '%p'",
        "SELECT \"%p\" FROM users WHERE user = '%u'",
        "SELECT `%p` FROM users WHERE user = \"%u\"",
        "UPDATE users SET %p = '%v' WHERE username = '%u' AND realm = '%r';",
        "INSERT INTO users (username, realm, %p) VALUES ('%u', '%r', '%v')",
        "SELECT pw FROM u -- by '%u'\nWHERE n = '%u' /* '%r' */",
        "SELECT pw FROM u WHERE n LIKE 'a%%' AND x = '%x%u' AND y = 100%%",
        "SELECT pw FROM u WHERE n = 'it''s %u' AND m = 'a\\'b%r'",
        "UPDATE users SET %p = '%v' WHERE username = '%u' AND %p = '%o'",
    };
    /** Templates 5 and 10 quote strings as MySQL does (double quotes, backslash escapes). */
    static final java.util.Set<Integer> MYSQL_ONLY = java.util.Set.of(5, 10);

    static final String[] PROPERTIES = {"userPassword", "cmusaslsecretPLAIN", "jsaslDisabled"};
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** Fixed values: control characters no template here contains, so each can be found again. */
    static final SqlStatement.Values FIXED = new SqlStatement.Values("\u0001U\u0001", "\u0001R\u0001",
            "\u0001P\u0001", "\u0001V\u0001", "\u0001O\u0001");
    static final Pattern FIXED_VALUE = Pattern.compile("\u0001([URPVO])\u0001");

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void userInputNeverReachesSql(FuzzedDataProvider data) throws Exception {
        SqlEngine engine = data.pickValue(SqlEngine.values());
        int t = data.consumeInt(0, TEMPLATES.length - 1);
        String template = TEMPLATES[t];
        if (MYSQL_ONLY.contains(t)) {
            engine = SqlEngine.MYSQL;
        }
        boolean compareAndSet = template.contains("%o");
        String fuzzedProperty = data.consumeString(80);
        SqlStatement.Values values = new SqlStatement.Values(data.consumeString(300), data.consumeString(300),
                data.pickValue(PROPERTIES), data.consumeString(300), data.consumeRemainingAsString());
        SqlStatement statement = compareAndSet ? SqlStatement.parseCompareAndSet(template, engine)
                : SqlStatement.parse(template, engine);
        SqlStatement reference = compareAndSet ? SqlStatement.parseCompareAndSet(template, engine)
                : SqlStatement.parse(template, engine);
        assertEquals(reference.sql(values.property()), statement.sql(values.property()),
                "the SQL text depends on the template and the property name only");
        List<String> bound = bound(statement, values);
        List<String> expected = new ArrayList<>();
        for (String fixed : bound(reference, FIXED)) {
            expected.add(substitute(fixed, values));
        }
        assertEquals(expected, bound, "the user's values are the parameters, put where the template says");

        boolean identifier = IDENTIFIER.matcher(fuzzedProperty).matches();
        assertEquals(identifier, SqlAuxprop.isPropertyName(fuzzedProperty),
                "a property name is usable exactly when it is an identifier");
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void templates(FuzzedDataProvider data) throws Exception {
        SqlEngine engine = data.pickValue(SqlEngine.values());
        boolean compareAndSet = data.consumeBoolean();
        String property = data.pickValue(PROPERTIES);
        String template = data.consumeRemainingAsString();
        SqlStatement statement;
        try {
            statement = compareAndSet ? SqlStatement.parseCompareAndSet(template, engine)
                    : SqlStatement.parse(template, engine);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
            return;
        }
        String sql = statement.sql(property);
        // One private-use character per value, none of which the template holds itself (three
        // findings: fuzzed templates wrote the first markers, 0x01 O 0x01, as SQL text after a '%'
        // that names no placeholder and inside a literal with placeholders, and '%vR%u' spelt the
        // realm's marker from the value's and the user's; see SqlFuzzFindingsTest).
        char[] marks = new char[4];
        char next = '\ue000';
        for (int n = 0; n < marks.length; n++, next++) {
            while (template.indexOf(next) >= 0) {
                next++;
            }
            marks[n] = next;
        }
        SqlStatement.Values fixed = new SqlStatement.Values(String.valueOf(marks[0]), String.valueOf(marks[1]),
                property, String.valueOf(marks[2]), String.valueOf(marks[3]));
        for (String value : new String[] {fixed.user(), fixed.realm(), fixed.value(), fixed.oldValue()}) {
            assertFalse(sql.contains(value), "no value is ever SQL text");
        }
        List<String> bound = bound(statement, fixed);
        assertEquals(statement.parameterCount(), bound.size(), "every parameter is bound, once");
        assertEquals(statement.usesRealm(), carries(bound, fixed.realm()), "usesRealm says whether %r is bound");
        if (!statement.usesValue()) {
            assertFalse(carries(bound, fixed.value()), "%v bound although usesValue is false");
        }
        if (!statement.usesOldValue()) {
            assertFalse(carries(bound, fixed.oldValue()), "%o bound although usesOldValue is false");
        }
        if (carries(bound, property) && !template.contains(property)) {
            assertTrue(statement.usesProperty(), "%p bound although usesProperty is false");
        }
        if (!compareAndSet) {
            assertFalse(statement.usesOldValue(), "%o is only jsasl_rehash_update's");
        }
    }

    static boolean carries(List<String> bound, String value) {
        return bound.stream().anyMatch(b -> b.contains(value));
    }

    /** The fixed values in a bound parameter replaced by the real ones, in one pass. */
    static String substitute(String fixed, SqlStatement.Values values) {
        Matcher m = FIXED_VALUE.matcher(fixed);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v;
            switch (m.group(1)) {
                case "U":
                    v = values.user();
                    break;
                case "R":
                    v = values.realm();
                    break;
                case "P":
                    v = values.property();
                    break;
                case "V":
                    v = values.value();
                    break;
                default:
                    v = values.oldValue();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The values bound, in order, captured through a proxy PreparedStatement. */
    static List<String> bound(SqlStatement s, SqlStatement.Values values) throws Exception {
        List<String> out = new ArrayList<>();
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setString")) {
                        assertEquals(out.size() + 1, args[0], "parameters are bound in order");
                        out.add((String) args[1]);
                    }
                    return null;
                });
        s.bind(ps, values);
        return out;
    }
}
