package org.jsasl.authd;

/**
 * Client-chosen text (user names, services, addresses) made safe for one log line: control
 * characters and quotes become {@code ?} and the text is cut short, so no client can add a line,
 * close the quotes around its name or push another address into the part fail2ban reads.
 */
public final class LogText {

    /** The most characters of one field a log line carries. */
    public static final int MAX_FIELD = 64;

    private LogText() {
    }

    /** {@code s} printable and at most {@value #MAX_FIELD} characters; "" for null. */
    public static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_FIELD));
        for (int i = 0; i < s.length() && sb.length() < MAX_FIELD; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\'' ? '?' : c);
        }
        return sb.toString();
    }
}
