package org.jsasl.throttle;

import java.util.Locale;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.PluginContext;
import org.jsasl.server.Plugins;

/** Makes the throttle {@code jsasl_throttle} names. */
public final class Throttles {

    private Throttles() {
    }

    /**
     * {@link Throttle#NONE} when {@code jsasl_throttle} is unset or {@code none}, else the installed
     * throttle of that name with the configured limits.
     *
     * @throws ConfigException naming the file, line and key when the name is not installed or a
     *     limit is wrong
     */
    public static Throttle create(PluginContext context) throws ConfigException {
        SaslConfig config = context.config();
        String name = config.get(ThrottleLimits.KEY, "none").trim().toLowerCase(Locale.ROOT);
        if (name.equals("none")) {
            return Throttle.NONE;
        }
        ThrottleFactory f = Plugins.throttleFactories().get(name);
        if (f == null) {
            throw config.error(ThrottleLimits.KEY, "'" + name + "' is not installed (expected none or one of "
                    + Plugins.throttleFactories().keySet() + ")");
        }
        return f.create(context, ThrottleLimits.of(config));
    }
}
