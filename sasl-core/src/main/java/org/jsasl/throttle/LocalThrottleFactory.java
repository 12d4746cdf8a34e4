package org.jsasl.throttle;

import java.time.Clock;
import org.jsasl.server.PluginContext;

/** {@code jsasl_throttle: local}: counters in this process' memory ({@link LocalThrottle}). */
public final class LocalThrottleFactory implements ThrottleFactory {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Throttle create(PluginContext context, ThrottleLimits limits) {
        return new LocalThrottle(limits, Clock.systemUTC());
    }
}
