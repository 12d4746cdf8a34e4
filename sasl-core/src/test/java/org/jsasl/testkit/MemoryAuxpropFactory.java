package org.jsasl.testkit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.AuxpropPluginFactory;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.config.ConfigException;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.PluginContext;

/**
 * Test-only {@code auxprop_plugin: memory}: {@code userPassword} values from
 * {@code memory_userpassword: alice=secret bob=x}, keyed by the canonical authid; users in
 * {@code memory_nopassword} exist without a password; {@code memory_down: yes} makes every lookup
 * unavailable; {@code memory_key: user} keys by the user part only, ignoring the realm as the guide's
 * {@code sql_select} does. {@code userPassword} can be stored (as {@code ServerContext.setPassword}
 * does), so tests can change a password in the backend. Absent unless {@code memory_userpassword} is set. {@link #LOOKUPS} counts
 * every lookup, so tests can prove that one never happened.
 */
public final class MemoryAuxpropFactory implements AuxpropPluginFactory {

    /** Lookups made by every memory source since the JVM started. */
    public static final java.util.concurrent.atomic.AtomicLong LOOKUPS = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Optional<AuxpropPlugin> create(PluginContext context) throws ConfigException {
        if (context.config().get("memory_userpassword").isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> passwords = new ConcurrentHashMap<>();
        for (String pair : context.config().words("memory_userpassword")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw context.config().error("memory_userpassword", "expected user=value");
            }
            passwords.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Set<String> noPassword = Set.copyOf(context.config().words("memory_nopassword"));
        boolean down = context.config().flag("memory_down", false);
        boolean byUser = context.config().get("memory_key", "authid").equals("user");
        return Optional.of(new AuxpropPlugin() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public Optional<String> realmIgnored() {
                return byUser ? Optional.of("memory_key is user") : Optional.empty();
            }

            @Override
            public org.jsasl.auxprop.PropertyStore store(CanonicalUser canonical, String property, String value) {
                if (!USER_PASSWORD.equals(property)) {
                    return new org.jsasl.auxprop.PropertyStore.NotSupported("memory stores only " + USER_PASSWORD);
                }
                passwords.put(byUser ? canonical.user() : canonical.authid(), value);
                return new org.jsasl.auxprop.PropertyStore.Stored();
            }

            @Override
            public PropertyLookup lookup(CanonicalUser canonical, Set<String> properties) {
                LOOKUPS.incrementAndGet();
                String key = byUser ? canonical.user() : canonical.authid();
                if (down) {
                    return new PropertyLookup.Unavailable("memory store is down", null);
                }
                if (noPassword.contains(key)) {
                    return new PropertyLookup.Found(Map.of());
                }
                String value = passwords.get(key);
                if (value == null) {
                    return new PropertyLookup.NoUser();
                }
                return properties.contains(USER_PASSWORD)
                        ? new PropertyLookup.Found(Map.of(USER_PASSWORD, List.of(value)))
                        : new PropertyLookup.Found(Map.of());
            }
        });
    }
}
