package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jsasl.auxprop.sql.SqlFuzzing.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): real {@code sql_select}/{@code sql_insert}/{@code sql_update} and
 * {@code jsasl_rehash_update} templates with a fuzzed user, realm, value and old value. The SQL text
 * is exactly the one the template gives with fixed values (user input only ever as parameters), and
 * each bound parameter is the fixed values' one with the fuzzed values put in; a fuzzed property name
 * is usable only when it is an identifier ({@code [A-Za-z][A-Za-z0-9_]{0,63}}), else SqlAuxprop
 * refuses it.
 * Regression inputs: {@code src/test/resources/org/jsasl/auxprop/sql/SqlParametersFuzzTestInputs/}.
 */
class SqlParametersFuzzTest {

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
}
