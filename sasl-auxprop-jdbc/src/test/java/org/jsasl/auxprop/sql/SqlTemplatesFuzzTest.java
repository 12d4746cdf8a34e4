package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jsasl.auxprop.sql.SqlFuzzing.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * Fuzz target (issue 13): fuzzed {@code sql_*} templates either parse or are refused with an
 * IllegalArgumentException that says why (the caller adds file, line and key); a parsed one binds
 * exactly its parameter count, puts no value into its SQL text, and its {@code usesRealm}/{@code
 * usesValue}/{@code usesProperty}/{@code usesOldValue} flags say exactly which values its parameters
 * carry (the realm flag drives the "realm ignored" warning); for PostgreSQL, pgjdbc's own SQL parser
 * counts exactly the parameters jsasl binds.
 * Regression inputs: {@code src/test/resources/org/jsasl/auxprop/sql/SqlTemplatesFuzzTestInputs/}.
 */
class SqlTemplatesFuzzTest {

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
        if (engine == SqlEngine.PGSQL) {
            // Differential with the real driver: pgjdbc's own parser finds exactly the parameters
            // jsasl binds (standard_conforming_strings on, as on every PostgreSQL since 9.1).
            int driverCount = 0;
            for (NativeQuery q : Parser.parseJdbcSql(sql, true, true, true, false, false)) {
                driverCount += q.bindPositions.length;
            }
            assertEquals(statement.parameterCount(), driverCount, "pgjdbc counts the parameters jsasl binds: " + sql);
        }
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
}
