package org.jsasl.auxprop.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Cyrus {@code sql_select}/{@code sql_insert}/{@code sql_update} template turned into a prepared
 * statement, so that no byte a user controls ever reaches SQL text. {@code %u} (user), {@code %r}
 * (realm) and {@code %v} (value) become bound parameters; a quoted literal holding placeholders,
 * such as {@code '%u'} or {@code '%u@%r'}, becomes one parameter whose value is the expanded text.
 * {@code %p} (the property name) is written into the SQL only outside quotes, and only from the
 * fixed list of names jsasl asks for. {@code %%} is a {@code %}; any other {@code %x} stays as it
 * is, as in Cyrus; a trailing {@code ;} is dropped. Only jsasl's own {@code jsasl_rehash_update}
 * also takes {@code %o}, the old value a compare-and-set expects (see {@link #parseCompareAndSet}).
 * SQL this parser would read differently from the engine's driver is refused, as it would shift the
 * parameters: a {@code ?} outside quotes; in PostgreSQL, dollar quotes, {@code $n} and
 * {@code E'...'}; in MySQL, {@code --} without white space after it ({@code #} is read as MySQL's
 * comment).
 */
final class SqlStatement {

    /** The placeholders a parameter can hold. */
    enum Placeholder { USER, REALM, PROPERTY, VALUE, OLD_VALUE }

    /** The values placeholders expand to for one execution. */
    record Values(String user, String realm, String property, String value, String oldValue) {

        /** Values without an old value (every statement but {@code jsasl_rehash_update}). */
        Values(String user, String realm, String property, String value) {
            this(user, realm, property, value, null);
        }

        String of(Placeholder p) {
            switch (p) {
                case USER:
                    return user;
                case REALM:
                    return realm;
                case PROPERTY:
                    return property;
                case OLD_VALUE:
                    return oldValue;
                default:
                    return value;
            }
        }

        @Override
        public String toString() {
            // value and oldValue may be passwords.
            return "Values[" + user + ", " + realm + ", " + property + "]";
        }
    }

    /** One bound parameter: literal text and placeholders, concatenated. */
    private record Parameter(List<Object> parts) {
        String expand(Values values) {
            StringBuilder sb = new StringBuilder();
            for (Object part : parts) {
                sb.append(part instanceof Placeholder p ? values.of(p) : (String) part);
            }
            return sb.toString();
        }
    }

    /** A piece of SQL text: fixed, or the property name (from jsasl's fixed list). */
    private record Piece(String text, boolean property) {
    }

    private final List<Piece> sql;
    private final List<Parameter> parameters;
    private final boolean usesProperty;
    private final boolean usesValue;
    private final boolean usesRealm;
    private final boolean usesOldValue;

    private SqlStatement(List<Piece> sql, List<Parameter> parameters, boolean usesProperty, boolean usesValue,
            boolean usesRealm, boolean usesOldValue) {
        this.sql = List.copyOf(sql);
        this.parameters = List.copyOf(parameters);
        this.usesProperty = usesProperty;
        this.usesValue = usesValue;
        this.usesRealm = usesRealm;
        this.usesOldValue = usesOldValue;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with a message for the administrator (the caller adds file,
     *     line and key): an unterminated quote, or a user-controlled placeholder inside an identifier
     */
    static SqlStatement parse(String template, SqlEngine engine) {
        return parse(template, engine, false);
    }

    /**
     * Parses a compare-and-set template ({@code jsasl_rehash_update}): as {@link #parse}, and
     * {@code %o} is the old value, bound like {@code %v}. Cyrus' keys leave {@code %o} as it is.
     */
    static SqlStatement parseCompareAndSet(String template, SqlEngine engine) {
        return parse(template, engine, true);
    }

    private static SqlStatement parse(String template, SqlEngine engine, boolean oldValue) {
        Parser p = new Parser(template.strip(), engine, oldValue);
        p.run();
        return new SqlStatement(p.pieces, p.parameters, p.usesProperty, p.usesValue, p.usesRealm, p.usesOldValue);
    }

    /** Whether {@code %o} appears (only in a compare-and-set template). */
    boolean usesOldValue() {
        return usesOldValue;
    }

    /** Whether {@code %u} appears (alone or in a literal such as {@code '%u@%r'}). */
    boolean usesUser() {
        for (Parameter p : parameters) {
            if (p.parts().contains(Placeholder.USER)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code %r} appears (alone or in a literal such as {@code '%u@%r'}). */
    boolean usesRealm() {
        return usesRealm;
    }

    /** Whether {@code %p} appears. */
    boolean usesProperty() {
        return usesProperty;
    }

    /** Whether {@code %v} appears. */
    boolean usesValue() {
        return usesValue;
    }

    /** The SQL text for {@code property}, with {@code ?} for every parameter. */
    String sql(String property) {
        StringBuilder sb = new StringBuilder();
        for (Piece piece : sql) {
            sb.append(piece.property() ? property : piece.text());
        }
        return sb.toString();
    }

    /** Binds every parameter for one execution. */
    void bind(PreparedStatement ps, Values values) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            ps.setString(i + 1, parameters.get(i).expand(values));
        }
    }

    /** The number of bound parameters. */
    int parameterCount() {
        return parameters.size();
    }

    private static final class Parser {
        private final String s;
        private final SqlEngine engine;
        private final boolean oldValue;
        private final List<Piece> pieces = new ArrayList<>();
        private final List<Parameter> parameters = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private boolean usesProperty;
        private boolean usesValue;
        private boolean usesRealm;
        private boolean usesOldValue;
        private int i;

        Parser(String s, SqlEngine engine, boolean oldValue) {
            this.s = s.endsWith(";") ? s.substring(0, s.length() - 1).stripTrailing() : s;
            this.engine = engine;
            this.oldValue = oldValue;
        }

        void run() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'' || (c == '"' && engine.doubleQuotesAreStrings())) {
                    stringLiteral(c);
                } else if (c == '"' || c == '`') {
                    identifier(c);
                } else if (c == '-' && s.startsWith("--", i)) {
                    if (engine == SqlEngine.MYSQL && i + 2 < s.length() && !Character.isWhitespace(s.charAt(i + 2))) {
                        // MySQL reads "--" as a comment only before white space; drivers differ.
                        throw refused("\"--\" without a space after it", "MySQL reads it as two minus signs");
                    }
                    comment(2, "\n");
                } else if (c == '#' && engine == SqlEngine.MYSQL) {
                    comment(1, "\n");   // MySQL's other line comment
                } else if (c == '/' && s.startsWith("/*", i)) {
                    comment(2, "*/");
                } else if (c == '?') {
                    throw refused("a '?' outside quotes",
                            "jsasl binds %u, %r and %v as the statement's parameters, and a '?' of the template's"
                            + " own would shift them (a literal '?' belongs in quotes)");
                } else if (c == '$' && engine == SqlEngine.PGSQL && !identifierCharBefore()) {
                    throw refused("a dollar-quoted string or $n parameter",
                            "write literals in single quotes and the values as %u, %r, %v");
                } else if ((c == 'E' || c == 'e') && engine == SqlEngine.PGSQL && s.startsWith("'", i + 1)
                        && !identifierCharBefore()) {
                    throw refused("an E'...' string", "its backslash escapes are read differently by the driver;"
                            + " write a standard '...' string");
                } else if (c == '%' && i + 1 < s.length()) {
                    placeholderOutsideQuotes(s.charAt(i + 1));
                } else {
                    text.append(c);
                    i++;
                }
            }
            flushText();
        }

        /**
         * Refuses SQL this parser would read differently from the database's driver: the statement's
         * parameters would no longer be the ones bound, and every login would fail.
         */
        private IllegalArgumentException refused(String what, String why) {
            return new IllegalArgumentException(what + " at character " + (i + 1) + " is not supported: " + why);
        }

        private boolean identifierCharBefore() {
            if (i == 0) {
                return false;
            }
            char b = s.charAt(i - 1);
            return Character.isLetterOrDigit(b) || b == '_' || b == '$';
        }

        private void placeholderOutsideQuotes(char k) {
            Placeholder p = placeholder(k);
            if (k == '%') {
                text.append('%');
            } else if (p == Placeholder.PROPERTY) {
                usesProperty = true;
                flushText();
                pieces.add(new Piece(null, true));
            } else if (p != null) {
                usesRealm |= p == Placeholder.REALM;
                flushText();
                text.append('?');
                parameters.add(new Parameter(List.of(p)));
            } else {
                text.append('%').append(k);
            }
            i += 2;
        }

        /** A quoted string: kept as SQL text when it holds no placeholder, else one bound parameter. */
        private void stringLiteral(char quote) {
            int start = i;
            i++;
            List<Object> parts = new ArrayList<>();
            StringBuilder content = new StringBuilder();
            boolean hasPlaceholder = false;
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated " + quote + " quote at character " + (start + 1));
                }
                char c = s.charAt(i);
                if (c == quote) {
                    if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                        content.append(quote);
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (c == '\\' && engine.backslashEscapes() && i + 1 < s.length()) {
                    content.append(unescape(s.charAt(i + 1)));
                    i += 2;
                    continue;
                }
                if (c == '%' && i + 1 < s.length()) {
                    char k = s.charAt(i + 1);
                    Placeholder p = placeholder(k);
                    if (k == '%') {
                        content.append('%');
                    } else if (p != null) {
                        hasPlaceholder = true;
                        usesProperty |= p == Placeholder.PROPERTY;
                        usesValue |= p == Placeholder.VALUE;
                        usesRealm |= p == Placeholder.REALM;
                        if (content.length() > 0) {
                            parts.add(content.toString());
                            content.setLength(0);
                        }
                        parts.add(p);
                    } else {
                        content.append('%').append(k);
                    }
                    i += 2;
                    continue;
                }
                content.append(c);
                i++;
            }
            if (!hasPlaceholder) {
                // Written back with %% made %, as Cyrus expands it everywhere; quoting redone.
                String body = content.toString();
                if (engine.backslashEscapes()) {
                    body = body.replace("\\", "\\\\");
                }
                text.append(quote).append(body.replace(String.valueOf(quote), "" + quote + quote)).append(quote);
                return;
            }
            if (content.length() > 0) {
                parts.add(content.toString());
            }
            text.append('?');
            parameters.add(new Parameter(parts));
        }

        /** A quoted identifier: copied as it is; only %p may stand in it. */
        private void identifier(char quote) {
            int start = i;
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated " + quote + " quote at character " + (start + 1));
            }
            String body = s.substring(start + 1, end);
            for (char k : new char[] {'u', 'r', 'v', 'o'}) {
                if (k == 'o' && !oldValue) {
                    continue;
                }
                if (body.contains("%" + k)) {
                    throw new IllegalArgumentException("%" + k + " inside the quoted identifier " + quote + body + quote
                            + " would put user input into SQL; quote it with ' instead");
                }
            }
            if (body.contains("%p")) {
                usesProperty = true;
                text.append(quote);
                String[] split = body.split("%p", -1);
                for (int n = 0; n < split.length; n++) {
                    text.append(split[n].replace("%%", "%"));
                    if (n < split.length - 1) {
                        flushText();
                        pieces.add(new Piece(null, true));
                    }
                }
                text.append(quote);
            } else {
                text.append(s, start, end + 1);
            }
            i = end + 1;
        }

        /** Copies a comment, its opener {@code opener} characters long, up to and with its terminator. */
        private void comment(int opener, String terminator) {
            int end = s.indexOf(terminator, i + opener);
            int stop = end < 0 ? s.length() : end + terminator.length();
            text.append(s, i, stop);
            i = stop;
        }

        private Placeholder placeholder(char k) {
            switch (k) {
                case 'u':
                    return Placeholder.USER;
                case 'r':
                    return Placeholder.REALM;
                case 'p':
                    return Placeholder.PROPERTY;
                case 'v':
                    usesValue = true;
                    return Placeholder.VALUE;
                case 'o':
                    if (!oldValue) {
                        return null;
                    }
                    usesOldValue = true;
                    return Placeholder.OLD_VALUE;
                default:
                    return null;
            }
        }

        private static char unescape(char c) {
            switch (c) {
                case 'n':
                    return '\n';
                case 'r':
                    return '\r';
                case 't':
                    return '\t';
                case '0':
                    return '\0';
                default:
                    return c;
            }
        }

        private void flushText() {
            if (text.length() > 0) {
                pieces.add(new Piece(text.toString(), false));
                text.setLength(0);
            }
        }
    }
}
