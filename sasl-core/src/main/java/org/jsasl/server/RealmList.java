package org.jsasl.server;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;

/**
 * jsasl's {@code realm_list}: the realms a client may name after {@code @}, compared without case;
 * a name with any other realm is rejected before any lookup. Cyrus has no such key and passes every
 * realm on, which lets {@code user@anything.example} log in with user's password wherever the lookup
 * ignores {@code %r}. Bare names and the realm the application appends ({@code org.jsasl.realm}) are
 * always accepted.
 *
 * @param realms the accepted realms, lower-cased; empty with {@code restricted} for {@code none}
 * @param restricted false when {@code realm_list} is not set: every realm is accepted, as in Cyrus
 */
public record RealmList(Set<String> realms, boolean restricted) {

    /** The configuration key. */
    public static final String KEY = "realm_list";

    /** The value that accepts bare user names only. */
    public static final String NONE = "none";

    /** Every realm accepted: {@code realm_list} unset. */
    public static final RealmList ANY = new RealmList(Set.of(), false);

    public RealmList {
        realms = Set.copyOf(realms);
    }

    /**
     * Reads {@code realm_list}: realms separated by white space or commas, or {@code none}.
     *
     * @throws ConfigException naming the file, line and key for an empty list, {@code none} beside
     *     realms, or a realm holding {@code @}, a control character or white space
     */
    public static RealmList of(SaslConfig config) throws ConfigException {
        Optional<String> value = config.get(KEY);
        if (value.isEmpty()) {
            return ANY;
        }
        Set<String> realms = new LinkedHashSet<>();
        for (String word : value.get().split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String realm = word.toLowerCase(Locale.ROOT);
            if (realm.indexOf('@') >= 0 || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw config.error(KEY, "'" + word + "' is not a realm (no '@' or control characters)");
            }
            realms.add(realm);
        }
        if (realms.isEmpty()) {
            throw config.error(KEY, "no realm listed (list the realms clients may name, or write 'none')");
        }
        if (realms.contains(NONE)) {
            if (realms.size() > 1) {
                throw config.error(KEY, "'none' cannot be combined with realms");
            }
            return new RealmList(Set.of(), true);
        }
        return new RealmList(realms, true);
    }

    /**
     * Whether {@code user} may go on to the lookups.
     *
     * @param userRealm the realm the application appends to bare names, or null
     */
    public boolean accepts(CanonicalUser user, String userRealm) {
        if (!restricted || user.authid().indexOf('@') < 0) {
            return true;
        }
        String realm = user.realm();
        return (userRealm != null && realm.equalsIgnoreCase(userRealm))
                || realms.contains(realm.toLowerCase(Locale.ROOT));
    }
}
