package org.jsasl.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Canonicalises user names as Cyrus' INTERNAL plugin does: white space around the name is trimmed,
 * {@code @userRealm} is appended to a name without {@code @}, and the result is split at the first
 * {@code @} into user and realm, the realm defaulting to the user realm or else the server name.
 * Unlike Cyrus, a name that is empty after trimming is always refused, and an empty user realm
 * appends nothing (Cyrus appends a bare {@code @}).
 *
 * @param userRealm the realm appended to bare names (Postfix' {@code smtpd_sasl_local_domain}), or null
 * @param serverFqdn the server's name, lower-cased, used as the default realm
 */
public record UserCanonicalizer(String userRealm, String serverFqdn) {

    /** Cyrus' canonical name buffer holds 1024 bytes. */
    public static final int MAX_NAME_BYTES = 1024;

    public UserCanonicalizer {
        userRealm = userRealm == null || userRealm.isEmpty() ? null : userRealm;
        serverFqdn = serverFqdn == null ? "" : serverFqdn.toLowerCase(Locale.ROOT);
    }

    /**
     * Canonicalises {@code raw}.
     *
     * @throws IllegalArgumentException with a message safe to show, when the name is empty or too long
     */
    public CanonicalUser canonicalize(String raw) {
        String name = trim(raw);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
        if (userRealm != null && name.indexOf('@') < 0) {
            name = name + "@" + userRealm;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("user name longer than " + MAX_NAME_BYTES + " bytes");
        }
        int at = name.indexOf('@');
        String user = at < 0 ? name : name.substring(0, at);
        String realm = at < 0 ? (userRealm != null ? userRealm : serverFqdn) : name.substring(at + 1);
        return new CanonicalUser(name, user, realm);
    }

    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }
}
