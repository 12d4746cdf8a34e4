package org.jsasl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jsasl's deliberate departures from Cyrus when reading a configuration file, so that files written
 * from common guides mean what their authors meant instead of being silently ignored:
 * <ul>
 *   <li>{@code sasl_}-prefixed keys ({@code sasl_pwcheck_method}, the Cyrus IMAPd spelling) are
 *       read as the unprefixed key when that key is not set itself;</li>
 *   <li>{@code authdaemon_path} (the name in Cyrus' documentation) is read as
 *       {@code authdaemond_path} (the name in its code);</li>
 *   <li>{@code auxprop_plugin: pgsql|mysql|sqlite3|sqlite} means the {@code sql} plugin with that
 *       {@code sql_engine}.</li>
 * </ul>
 * Each rewrite is logged once as a warning naming the file and line.
 */
public final class ConfigCompatibility {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigCompatibility.class);

    private static final String PREFIX = "sasl_";
    private static final Map<String, String> RENAMED_KEYS = Map.of("authdaemon_path", "authdaemond_path");
    private static final Set<String> SQL_ENGINE_NAMES = Set.of("pgsql", "mysql", "sqlite3", "sqlite");

    /** Warnings already given, so that reloading a file does not repeat them. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private ConfigCompatibility() {
    }

    /** Returns the configuration as jsasl reads it; the input is left unchanged. */
    public static SaslConfig apply(SaslConfig raw) throws ConfigException {
        List<ConfigEntry> out = new ArrayList<>(raw.entries().size() + 1);
        for (ConfigEntry e : raw.entries()) {
            String alias = canonicalKey(e.key());
            if (alias == null) {
                out.add(e);
                continue;
            }
            if (raw.entry(alias).isPresent()) {
                warnOnce(raw, e, "'" + e.key() + "' is ignored because '" + alias + "' is also set");
                continue;
            }
            warnOnce(raw, e, "'" + e.key() + "' is read as '" + alias + "' (Cyrus SASL would ignore it)");
            out.add(new ConfigEntry(alias, e.value(), e.line()));
        }
        return rewriteAuxpropPlugin(new SaslConfig(raw.source(), out));
    }

    private static String canonicalKey(String key) {
        String k = key;
        if (k.startsWith(PREFIX) && k.length() > PREFIX.length()) {
            k = k.substring(PREFIX.length());
        }
        k = RENAMED_KEYS.getOrDefault(k, k);
        return k.equals(key) ? null : k;
    }

    private static SaslConfig rewriteAuxpropPlugin(SaslConfig config) throws ConfigException {
        var plugin = config.entry("auxprop_plugin");
        if (plugin.isEmpty()) {
            return config;
        }
        List<String> tokens = new ArrayList<>();
        String engine = null;
        for (String token : config.words("auxprop_plugin")) {
            String lower = token.toLowerCase(Locale.ROOT);
            if (SQL_ENGINE_NAMES.contains(lower)) {
                if (engine != null && !engine.equals(lower)) {
                    throw config.error("auxprop_plugin", "names two SQL engines, '" + engine + "' and '" + lower + "'");
                }
                engine = lower;
                if (!tokens.contains("sql")) {
                    tokens.add("sql");
                }
            } else {
                tokens.add(token);
            }
        }
        if (engine == null) {
            return config;
        }
        var configured = config.get("sql_engine");
        if (configured.isPresent() && !configured.get().equalsIgnoreCase(engine)) {
            throw config.error("auxprop_plugin", "names the SQL engine '" + engine
                    + "' but sql_engine is '" + configured.get() + "'");
        }
        warnOnce(config, plugin.get(), "auxprop_plugin '" + engine + "' is read as the 'sql' plugin with sql_engine '"
                + engine + "' (Cyrus SASL would find no such plugin)");
        List<ConfigEntry> out = new ArrayList<>();
        for (ConfigEntry e : config.entries()) {
            if (e == plugin.get()) {
                out.add(new ConfigEntry("auxprop_plugin", String.join(" ", tokens), e.line()));
                if (configured.isEmpty()) {
                    out.add(new ConfigEntry("sql_engine", engine, e.line()));
                }
            } else {
                out.add(e);
            }
        }
        return new SaslConfig(config.source(), out);
    }

    private static void warnOnce(SaslConfig config, ConfigEntry e, String message) {
        String where = (config.source() == null ? "<configuration>" : config.source().toString()) + ":" + e.line();
        if (WARNED.add(where + ":" + message)) {
            LOG.warn("{}: {}", where, message);
        }
    }
}
