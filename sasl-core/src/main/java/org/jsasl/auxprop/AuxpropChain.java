package org.jsasl.auxprop;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsasl.server.CanonicalUser;

/**
 * The property sources selected by {@code auxprop_plugin}, asked in order: the first source that
 * has a property wins, as in Cyrus. A source that is unavailable before every property was found
 * makes the whole lookup unavailable, because its answer might have been the one to win.
 *
 * @param plugins the sources, in {@code auxprop_plugin} order
 */
public record AuxpropChain(List<AuxpropPlugin> plugins) implements AutoCloseable {

    /** No property source at all. */
    public static final AuxpropChain EMPTY = new AuxpropChain(List.of());

    public AuxpropChain {
        plugins = List.copyOf(plugins);
    }

    /** Looks up {@code properties} of {@code user} across the sources. */
    public PropertyLookup lookup(CanonicalUser user, Set<String> properties) {
        Map<String, List<String>> found = new HashMap<>();
        Set<String> missing = new HashSet<>(properties);
        boolean anyUser = false;
        for (AuxpropPlugin plugin : plugins) {
            if (missing.isEmpty()) {
                break;
            }
            PropertyLookup r = plugin.lookup(user, Set.copyOf(missing));
            if (r instanceof PropertyLookup.Unavailable u) {
                return new PropertyLookup.Unavailable(plugin.name() + ": " + u.reason(), u.cause());
            }
            if (r instanceof PropertyLookup.Refused refused) {
                return new PropertyLookup.Refused(plugin.name() + ": " + refused.reason());
            }
            if (r instanceof PropertyLookup.Found f) {
                anyUser = true;
                for (Map.Entry<String, List<String>> e : f.values().entrySet()) {
                    if (missing.remove(e.getKey())) {
                        found.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        return anyUser ? new PropertyLookup.Found(found) : new PropertyLookup.NoUser();
    }

    /** The first source's reason for ignoring the realm (see {@link AuxpropPlugin#realmIgnored}), if any does. */
    public Optional<String> realmIgnored() {
        for (AuxpropPlugin p : plugins) {
            Optional<String> why = p.realmIgnored();
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /**
     * Stores {@code value} as {@code property} of {@code user} in the first source that can store
     * (Cyrus' {@code sasl_setpass} through {@code sql_insert}/{@code sql_update}).
     */
    public PropertyStore store(CanonicalUser user, String property, String value) {
        for (AuxpropPlugin plugin : plugins) {
            PropertyStore r = plugin.store(user, property, value);
            if (!(r instanceof PropertyStore.NotSupported)) {
                return r;
            }
        }
        return new PropertyStore.NotSupported("no property source can store (set sql_insert and sql_update)");
    }

    /** Whether any source can {@link AuxpropPlugin#replace compare-and-set}. */
    public boolean canReplace() {
        return plugins.stream().anyMatch(AuxpropPlugin::canReplace);
    }

    /**
     * Compare-and-set of {@code property} in the first source that can do it (see
     * {@link AuxpropPlugin#replace}); a source that does not hold {@code oldValue} changes nothing.
     */
    public PropertyStore replace(CanonicalUser user, String property, String oldValue, String newValue) {
        for (AuxpropPlugin plugin : plugins) {
            if (plugin.canReplace()) {
                return plugin.replace(user, property, oldValue, newValue);
            }
        }
        return new PropertyStore.NotSupported("no property source can compare-and-set (set jsasl_rehash_update)");
    }

    /** Closes every source. */
    @Override
    public void close() {
        for (AuxpropPlugin p : plugins) {
            p.close();
        }
    }
}
