package org.jsasl.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable Cyrus-style configuration: the {@code key: value} entries of one {@code <app>.conf}
 * file, in file order. As in Cyrus the first occurrence of a key wins, and keys nobody asks for are
 * kept for plugins.
 *
 * @param source the file the entries came from, or null for configuration built in code
 * @param entries the entries in file order, duplicates included
 */
public record SaslConfig(Path source, List<ConfigEntry> entries) {

    /** Configuration with no entries: every option takes its default. */
    public static final SaslConfig EMPTY = new SaslConfig(null, List.of());

    public SaslConfig {
        entries = List.copyOf(entries);
    }

    /** Builds configuration in code from alternating keys and values, for tests and embedding. */
    public static SaslConfig of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        List<ConfigEntry> list = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            list.add(new ConfigEntry(keysAndValues[i].toLowerCase(Locale.ROOT),
                    Objects.requireNonNull(keysAndValues[i + 1]), 0));
        }
        return new SaslConfig(null, list);
    }

    /** The entry that decides {@code key} (the first one), if any. */
    public Optional<ConfigEntry> entry(String key) {
        for (ConfigEntry e : entries) {
            if (e.key().equals(key)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return entry(key).map(ConfigEntry::value);
    }

    /** The value of {@code key}, or {@code fallback} when it is not set. */
    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value of {@code key} split on white space, or an empty list when it is not set. */
    public List<String> words(String key) {
        return get(key).map(v -> List.of(v.trim().split("\\s+"))).orElse(List.of());
    }

    /**
     * A yes/no option read as Cyrus reads them: true when the value starts with {@code 1},
     * {@code y}, {@code t} or is {@code on} (any case).
     */
    public boolean flag(String key, boolean fallback) {
        return get(key).map(v -> {
            String s = v.toLowerCase(Locale.ROOT);
            return s.startsWith("1") || s.startsWith("y") || s.startsWith("t") || s.startsWith("on");
        }).orElse(fallback);
    }

    /**
     * An integer option within {@code [min, max]}.
     *
     * @throws ConfigException naming the file, line and key when the value is not such a number
     */
    public int integer(String key, int fallback, int min, int max) throws ConfigException {
        Optional<ConfigEntry> e = entry(key);
        if (e.isEmpty()) {
            return fallback;
        }
        String v = e.get().value();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the range
        }
        throw error(key, "expected a whole number from " + min + " to " + max + ", found '" + v + "'");
    }

    /** An exception that names this configuration's file, the line of {@code key} and the key. */
    public ConfigException error(String key, String problem) {
        int line = entry(key).map(ConfigEntry::line).orElse(0);
        return new ConfigException(source, line, key, problem);
    }

    /** Resolves a path option relative to the directory of the configuration file, as admins expect. */
    public Path resolvePath(String value) {
        Path p = Path.of(value);
        if (p.isAbsolute() || source == null || source.toAbsolutePath().getParent() == null) {
            return p;
        }
        return source.toAbsolutePath().getParent().resolve(p);
    }

    @Override
    public String toString() {
        // Never the values: sql_passwd lives here.
        List<String> keys = new ArrayList<>();
        for (ConfigEntry e : entries) {
            keys.add(e.key());
        }
        return "SaslConfig[" + (source == null ? "<code>" : source) + ", keys=" + keys + "]";
    }
}
