package org.jsasl.mech;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The mechanisms installed on the class path (or module path), found once through
 * {@link ServiceLoader} and sorted by {@link SaslMechanism#rank()} then name.
 */
public final class Mechanisms {

    private static volatile List<SaslMechanism> installed;

    private Mechanisms() {
    }

    /** Every installed mechanism, in default order. */
    public static List<SaslMechanism> installed() {
        List<SaslMechanism> list = installed;
        if (list == null) {
            list = load(Mechanisms.class.getClassLoader());
            installed = list;
        }
        return list;
    }

    /** The installed mechanism called {@code name} (any case), if any. */
    public static Optional<SaslMechanism> find(String name) {
        return find(installed(), name);
    }

    /** The mechanism of {@code list} called {@code name} (any case), if any. */
    public static Optional<SaslMechanism> find(List<SaslMechanism> list, String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SaslMechanism m : list) {
            if (m.name().equalsIgnoreCase(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static List<SaslMechanism> load(ClassLoader loader) {
        Map<String, SaslMechanism> byName = new LinkedHashMap<>();
        for (SaslMechanism m : ServiceLoader.load(SaslMechanism.class, loader)) {
            byName.putIfAbsent(m.name().toUpperCase(Locale.ROOT), m);
        }
        List<SaslMechanism> list = new ArrayList<>(byName.values());
        list.sort(Comparator.comparingInt(SaslMechanism::rank).thenComparing(SaslMechanism::name));
        return List.copyOf(list);
    }
}
