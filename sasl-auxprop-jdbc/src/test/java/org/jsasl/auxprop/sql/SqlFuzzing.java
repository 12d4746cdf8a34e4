package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the SQL template fuzz targets ({@link SqlParametersFuzzTest}, {@link SqlTemplatesFuzzTest})
 * share: real templates, fixed marker values, and the values a statement binds, captured through a
 * proxy {@link PreparedStatement}.
 */
final class SqlFuzzing {

    private SqlFuzzing() {
    }

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
