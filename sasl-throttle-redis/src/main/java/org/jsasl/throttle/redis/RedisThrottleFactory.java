package org.jsasl.throttle.redis;

import java.time.Clock;
import org.jsasl.config.ConfigException;
import org.jsasl.server.PluginContext;
import org.jsasl.throttle.Throttle;
import org.jsasl.throttle.ThrottleFactory;
import org.jsasl.throttle.ThrottleLimits;

/** {@code jsasl_throttle: redis}: {@link RedisThrottle}. */
public final class RedisThrottleFactory implements ThrottleFactory {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Throttle create(PluginContext context, ThrottleLimits limits) throws ConfigException {
        return new RedisThrottle(RedisThrottleSettings.of(context.config()), limits, Clock.systemUTC(), context.log());
    }
}
