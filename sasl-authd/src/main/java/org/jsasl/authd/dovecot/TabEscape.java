package org.jsasl.authd.dovecot;

/**
 * Dovecot's TAB-escaping of field values ({@code \001} followed by {@code 0 1 t r n}), in both
 * directions; any other escaped character stands for itself, as Dovecot's {@code str_tabunescape} reads it.
 */
final class TabEscape {

    private TabEscape() {
    }

    /** Escapes NUL, {@code \001}, TAB, CR and LF, so a value stays one field of one line. */
    static String escape(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char e = switch (c) {
                case '\0' -> '0';
                case '\001' -> '1';
                case '\t' -> 't';
                case '\r' -> 'r';
                case '\n' -> 'n';
                default -> 0;
            };
            if (e != 0 && sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (sb != null) {
                if (e != 0) {
                    sb.append('\001').append(e);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }

    /** Undoes {@link #escape}; a trailing lone {@code \001} is dropped, as Dovecot does. */
    static String unescape(String field) {
        int first = field.indexOf('\001');
        if (first < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length()).append(field, 0, first);
        for (int i = first; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\001') {
                sb.append(c);
                continue;
            }
            if (++i == field.length()) {
                break;
            }
            char e = field.charAt(i);
            sb.append(switch (e) {
                case '0' -> '\0';
                case '1' -> '\001';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'n' -> '\n';
                default -> e;
            });
        }
        return sb.toString();
    }
}
