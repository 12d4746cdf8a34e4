package org.jsasl.testkit;

import java.util.HashMap;
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
 * unavailable. Absent unless {@code memory_userpassword} is set.
 */
public final class MemoryAuxpropFactory implements AuxpropPluginFactory {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Optional<AuxpropPlugin> create(PluginContext context) throws ConfigException {
        if (context.config().get("memory_userpassword").isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> passwords = new HashMap<>();
        for (String pair : context.config().words("memory_userpassword")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw context.config().error("memory_userpassword", "expected user=value");
            }
            passwords.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Set<String> noPassword = Set.copyOf(context.config().words("memory_nopassword"));
        boolean down = context.config().flag("memory_down", false);
        return Optional.of(new AuxpropPlugin() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public PropertyLookup lookup(CanonicalUser user, Set<String> properties) {
                if (down) {
                    return new PropertyLookup.Unavailable("memory store is down", null);
                }
                if (noPassword.contains(user.authid())) {
                    return new PropertyLookup.Found(Map.of());
                }
                String value = passwords.get(user.authid());
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
