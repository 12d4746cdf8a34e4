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
                } else if (c == '"' || (c == '`' && engine != SqlEngine.PGSQL)) {
                    identifier(c, c);
                } else if (c == '[' && engine == SqlEngine.SQLITE3) {
                    identifier('[', ']');   // SQLite's other identifier quotes
                } else if (c == '-' && s.startsWith("--", i)) {
                    if (engine == SqlEngine.MYSQL && i + 2 < s.length() && !Character.isWhitespace(s.charAt(i + 2))) {
                        // MySQL reads "--" as a comment only before white space; drivers differ.
                        throw refused("\"--\" without a space after it", "MySQL reads it as two minus signs");
                    }
                    lineComment(2);
                } else if (c == '#' && engine == SqlEngine.MYSQL) {
                    lineComment(1);   // MySQL's other line comment
                } else if (c == '/' && s.startsWith("/*", i)) {
                    if (engine == SqlEngine.PGSQL) {
                        nestedComment();
                    } else {
                        comment(2, "*/");
                    }
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

        /**
         * Whether the SQL written so far ends inside a word, as the driver sees it: the text before
         * a placeholder is no word ("%r$$" writes "?$$", a dollar quote; a fuzzing finding).
         */
        private boolean identifierCharBefore() {
            String before = written();
            if (before.isEmpty()) {
                return false;
            }
            char b = before.charAt(before.length() - 1);
            return Character.isLetterOrDigit(b) || b == '_' || b == '$';
        }

        /** The SQL text written last (the property name's place counts as a word). */
        private String written() {
            if (text.length() > 0) {
                return text.toString();
            }
            if (pieces.isEmpty()) {
                return "";
            }
            Piece last = pieces.get(pieces.size() - 1);
            return last.property() ? "p" : last.text();
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
                parameterMark();
                parameters.add(new Parameter(List.of(p)));
            } else {
                // Not a placeholder: the '%' alone is text, and what follows is read as SQL (a
                // fuzzing finding: "%'" took the quote for text, where the driver starts a string).
                text.append('%');
                i++;
                return;
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
                        // The '%' alone: the next character may be the closing quote ('a%').
                        content.append('%');
                        i++;
                        continue;
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
            parameterMark();
            parameters.add(new Parameter(parts));
        }

        /** A quoted identifier: copied as it is; only %p may stand in it. */
        private void identifier(char quote, char close) {
            int start = i;
            int end = s.indexOf(close, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated " + quote + " quote at character " + (start + 1));
            }
            String body = s.substring(start + 1, end);
            for (char k : new char[] {'u', 'r', 'v', 'o'}) {
                if (k == 'o' && !oldValue) {
                    continue;
                }
                if (body.contains("%" + k)) {
                    throw new IllegalArgumentException("%" + k + " inside the quoted identifier " + quote + body + close
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
                text.append(close);
            } else {
                text.append(s, start, end + 1);
            }
            i = end + 1;
        }

        /**
         * Copies a PostgreSQL block comment, which nests: {@code /* a /* b *}{@code / c *}{@code /} is
         * one comment (a fuzzing finding: ending it at the first {@code *}{@code /} made the rest
         * SQL text to jsasl and a comment to pgjdbc).
         */
        private void nestedComment() {
            if (s.startsWith("/*/", i)) {
                // pgjdbc takes the opener's '*' for a closing "*" "/" as well; PostgreSQL does not.
                throw refused("a comment opened as \"/*/\"", "pgjdbc and PostgreSQL end it in different places");
            }
            int depth = 0;
            int j = i;
            while (j < s.length()) {
                if (s.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (s.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        break;
                    }
                } else {
                    j++;
                }
            }
            text.append(s, i, j);
            i = j;
        }

        /**
         * Copies a line comment up to its end of line, a CR or an LF (a fuzzing finding: pgjdbc, as
         * PostgreSQL, ends it at a CR too, where jsasl read on to the LF).
         */
        private void lineComment(int opener) {
            int stop = i + opener;
            while (stop < s.length() && s.charAt(stop) != '\n' && s.charAt(stop) != '\r') {
                stop++;
            }
            text.append(s, i, stop);
            i = stop;
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

        /**
         * Writes a parameter's {@code ?}, apart from a {@code ?} just before it: pgjdbc reads
         * {@code ??} as one literal question mark (a fuzzing finding: {@code %u%r} outside quotes gave
         * two parameters to jsasl and none to the driver).
         */
        private void parameterMark() {
            if (written().endsWith("?")) {
                text.append(' ');
            }
            text.append('?');
        }

        private void flushText() {
            if (text.length() > 0) {
                pieces.add(new Piece(text.toString(), false));
                text.setLength(0);
            }
        }
    }
}
