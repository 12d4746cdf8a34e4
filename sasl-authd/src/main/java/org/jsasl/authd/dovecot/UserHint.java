package org.jsasl.authd.dovecot;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The user name a client's message claims, for {@code FAIL user=} and the log, as Dovecot reports
 * it for a failure (§5): the authentication id of PLAIN, LOGIN's first response, CRAM-MD5's name,
 * SCRAM's {@code n=}. Only read from messages, never verified; null when unknown.
 */
final class UserHint {

    private UserHint() {
    }

    /**
     * The name in {@code message}, the first non-empty one the client sent for the request (its
     * initial response or its first CONT), or null.
     */
    static String from(String mechanism, byte[] message) {
        if (message == null || message.length == 0) {
            return null;
        }
        String m = mechanism.toUpperCase(Locale.ROOT);
        String text = new String(message, StandardCharsets.UTF_8);
        if (m.equals("PLAIN")) {
            int a = text.indexOf('\0');
            int b = a < 0 ? -1 : text.indexOf('\0', a + 1);
            return b < 0 ? null : text.substring(a + 1, b);
        }
        if (m.equals("LOGIN")) {
            return text;
        }
        if (m.equals("CRAM-MD5")) {
            int sp = text.lastIndexOf(' ');
            return sp <= 0 ? null : text.substring(0, sp);
        }
        if (m.startsWith("SCRAM-")) {
            int n = text.indexOf(",n=");
            if (n < 0) {
                return null;
            }
            int end = text.indexOf(',', n + 3);
            return (end < 0 ? text.substring(n + 3) : text.substring(n + 3, end)).replace("=2C", ",")
                    .replace("=3D", "=");
        }
        return null;
    }
}
