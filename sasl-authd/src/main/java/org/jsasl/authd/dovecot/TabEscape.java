package org.jsasl.authd.dovecot;

/**
 * Dovecot's tab-escaping of field values ({@code \001} followed by {@code 1 t r n 0}), which keeps
 * TAB, LF and CR out of a field so that a value cannot split a line or add fields to a reply.
 */
public final class TabEscape {

    private TabEscape() {
    }

    /** Escapes {@code value} for one field of a reply. */
    public static String escape(String value) {
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String rep = switch (c) {
                case '\001' -> "\0011";
                case '\t' -> "\001t";
                case '\r' -> "\001r";
                case '\n' -> "\001n";
                case '\0' -> "\0010";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? value : b.toString();
    }

    /** Undoes {@link #escape}; as in Dovecot, {@code \001x} for any other {@code x} is {@code x}. */
    public static String unescape(String field) {
        if (field.indexOf('\001') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\001' || i + 1 == field.length()) {
                b.append(c);
                continue;
            }
            char n = field.charAt(++i);
            b.append(switch (n) {
                case '1' -> '\001';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'n' -> '\n';
                case '0' -> '\0';
                default -> n;
            });
        }
        return b.toString();
    }
}
