package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.junit.jupiter.api.Test;

/** {@code jsasl_failure_delay}: off by default, bounded below Postfix' 10 s, and what it applies to. */
class FailureDelayConfigTest {

    @Test
    void offByDefaultAndReadInMilliseconds() throws Exception {
        try (ServerContext plain = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret"));
                ServerContext delayed = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                        "memory_userpassword", "alice=secret", "jsasl_failure_delay", "2000"))) {
            assertEquals(Duration.ZERO, plain.failureDelay());
            assertEquals(Duration.ofSeconds(2), delayed.failureDelay());
        }
    }

    @Test
    void aDelayPastFiveSecondsOrNotANumberIsRefusedNamingTheKey() {
        for (String bad : new String[] {"5001", "-1", "2s"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                            "memory_userpassword", "alice=secret", "jsasl_failure_delay", bad)));
            assertTrue(e.getMessage().contains("jsasl_failure_delay"), e.getMessage());
        }
    }

    @Test
    void refusalsAreDelayedAndOutagesAreNot() {
        assertTrue(FailureDelay.applies(new AuthenticationException("PLAIN: authentication failed")));
        assertTrue(FailureDelay.applies(new SaslException("PLAIN: malformed")));
        assertFalse(FailureDelay.applies(new SaslUnavailableException("PLAIN: backend down", null)));
        assertFalse(FailureDelay.applies(new RuntimeException("bug")));
    }

    @Test
    void theReplyRunsOnTheTimerThreadAfterTheDelay() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        long start = System.nanoTime();
        FailureDelay.after(Duration.ofMillis(200), () -> thread.set(Thread.currentThread().getName()))
                .get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        assertEquals("jsasl-failure-delay", thread.get());
        FailureDelay.after(Duration.ZERO, () -> thread.set(Thread.currentThread().getName())).get();
        assertEquals(Thread.currentThread().getName(), thread.get(), "no delay: at once, on the caller");
        assertTrue(FailureDelay.elapse(Duration.ofMillis(50)).get(10, TimeUnit.SECONDS) == null);
    }
}
