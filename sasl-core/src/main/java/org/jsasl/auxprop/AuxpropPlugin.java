package org.jsasl.auxprop;

import java.util.Optional;
import java.util.Set;
import org.jsasl.server.CanonicalUser;

/**
 * An auxiliary property source ({@code auxprop}): looks up properties such as
 * {@code userPassword} of a user. Implementations are thread-safe and shared by every session.
 */
public interface AuxpropPlugin extends AutoCloseable {

    /** The property holding the user's password, as Cyrus names it. */
    String USER_PASSWORD = "userPassword";

    /** The plugin's name as {@code auxprop_plugin} lists it. */
    String name();

    /** Looks up {@code properties} of {@code user}. Backend trouble is {@link PropertyLookup.Unavailable}, not an exception. */
    PropertyLookup lookup(CanonicalUser user, Set<String> properties);

    /**
     * Why this source cannot tell {@code user@one.example} from {@code user@other.example} (its
     * lookup uses the user part only, e.g. "sql_select uses %u but not %r"), or empty when the realm
     * is part of the lookup. Read once at start-up, for the realm warning.
     */
    default Optional<String> realmIgnored() {
        return Optional.empty();
    }

    /**
     * Stores one property of a user, creating the user's entry if needed. The value may be a
     * password: it must never reach a log or an exception message.
     */
    default PropertyStore store(CanonicalUser user, String property, String value) {
        return new PropertyStore.NotSupported(name() + " cannot store properties");
    }

    /**
     * Whether {@link #replace} can work here (for the sql plugin: {@code jsasl_rehash_update} is
     * set). Read once at start-up.
     */
    default boolean canReplace() {
        return false;
    }

    /**
     * Compare-and-set: changes {@code property} of an existing {@code user} to {@code newValue} only
     * while it still holds {@code oldValue}, and reports {@link PropertyStore.Conflict} when it does
     * not (someone changed it meanwhile). Used by the password upgrade on login, which must never
     * overwrite an administrator's change. Neither value may reach a log or an exception message.
     */
    default PropertyStore replace(CanonicalUser user, String property, String oldValue, String newValue) {
        return new PropertyStore.NotSupported(name() + " cannot compare-and-set properties");
    }

    /** Releases connections. */
    @Override
    default void close() {
    }
}
