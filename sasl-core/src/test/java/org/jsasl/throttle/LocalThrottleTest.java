package org.jsasl.throttle;

import org.jsasl.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsasl.config.ConfigException;
import org.jsasl.config.ConfigReader;
import org.jsasl.config.SaslConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalThrottleTest {

    private static final long START = 28_333_333L * 60_000; // on a slot boundary of a 10-minute window

    private final MutableClock clock = new MutableClock(START);

    private LocalThrottle throttle(int perUser, int perAddress) {
        return new LocalThrottle(new ThrottleLimits(perUser, perAddress, Duration.ofMinutes(10), 1000), clock);
    }

    @Test
    void aUserIsBlockedAfterItsLimitOfFailuresWhateverTheAddress() {
        LocalThrottle t = throttle(3, 100);
        for (int i = 0; i < 3; i++) {
            assertFalse(t.check("bob", "192.0.2." + i).blocked(), "failure " + i + " is still allowed");
            t.failure("bob", "192.0.2." + i);
        }
        Throttle.Verdict v = t.check("bob", "198.51.100.1");
        assertTrue(v.blocked());
        assertEquals("too many failures for this user", v.reason());
        assertTrue(t.check("BOB", null).blocked(), "case does not make a new user");
        assertFalse(t.check("carol", "192.0.2.1").blocked(), "other users are not blocked");
    }

    @Test
    void anAddressIsBlockedAfterItsLimitOfFailuresAcrossUsers() {
        LocalThrottle t = throttle(100, 5);
        for (int i = 0; i < 5; i++) {
            t.failure("user" + i, "192.0.2.7");
        }
        Throttle.Verdict v = t.check("someone-new", "192.0.2.7");
        assertTrue(v.blocked());
        assertEquals("too many failures from this address", v.reason());
        assertFalse(t.check("someone-new", "192.0.2.8").blocked());
        assertFalse(t.check("someone-new", null).blocked(), "no address: only the user counts");
        assertEquals(5, t.addressFailures("192.0.2.7"));
    }

    @Test
    void aZeroLimitTurnsThatCounterOff() {
        LocalThrottle t = throttle(0, 2);
        for (int i = 0; i < 50; i++) {
            t.failure("bob", null);
        }
        assertFalse(t.check("bob", null).blocked());
        assertEquals(0, t.size(), "nothing is kept for a limit that is off");
    }

    @Test
    void theBlockLiftsAsTheWindowSlides() {
        LocalThrottle t = throttle(4, 100);
        t.failure("bob", null);
        t.failure("bob", null);
        clock.advance(Duration.ofMinutes(5));
        t.failure("bob", null);
        t.failure("bob", null);
        assertTrue(t.check("bob", null).blocked());
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertTrue(t.check("bob", null).blocked(), "9m59s after the first failures all four still count");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(t.check("bob", null).blocked(), "10 minutes on, the first two have left the window");
        assertEquals(2, t.userFailures("bob"));
        t.failure("bob", null);
        t.failure("bob", null);
        assertTrue(t.check("bob", null).blocked(), "two more fill the limit again");
        clock.advance(Duration.ofMinutes(10));
        assertFalse(t.check("bob", null).blocked());
        assertEquals(0, t.userFailures("bob"));
    }

    @Test
    void memoryIsBoundedByTheEntriesCap() {
        LocalThrottle t = new LocalThrottle(new ThrottleLimits(5, 5, Duration.ofMinutes(10), 100), clock);
        for (int i = 0; i < 5; i++) {
            t.failure("victim", "203.0.113.1");
        }
        for (int i = 0; i < 10_000; i++) {
            t.failure("spray" + i, "10.0." + (i / 256) + "." + (i % 256));
            assertTrue(t.size() <= 100);
        }
        assertEquals(100, t.size());
    }

    @Test
    void concurrentFailuresAreAllCounted() throws Exception {
        LocalThrottle t = throttle(1_000_000, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        t.failure("bob", "192.0.2.1");
                        t.check("bob", "192.0.2.1");
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16_000, t.userFailures("bob"));
        assertEquals(16_000, t.addressFailures("192.0.2.1"));
    }

    @Test
    void limitsAndWindowAreReadWithDefaults() throws Exception {
        assertEquals(ThrottleLimits.defaults(), ThrottleLimits.of(SaslConfig.EMPTY));
        ThrottleLimits l = ThrottleLimits.of(SaslConfig.of("jsasl_throttle_user_failures", "3",
                "jsasl_throttle_address_failures", "7", "jsasl_throttle_window", "90s", "jsasl_throttle_entries", "5000"));
        assertEquals(new ThrottleLimits(3, 7, Duration.ofSeconds(90), 5000), l);
        assertEquals(Duration.ofMinutes(2), ThrottleLimits.of(SaslConfig.of("jsasl_throttle_window", "120")).window(),
                "a bare number is seconds");
        assertEquals(Duration.ofHours(1), ThrottleLimits.of(SaslConfig.of("jsasl_throttle_window", "1h")).window());
    }

    @Test
    void wrongValuesNameTheFileLineAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smtpd.conf");
        Files.writeString(file, "pwcheck_method: auxprop\njsasl_throttle_window: ten minutes\n");
        SaslConfig config = ConfigReader.read(file);
        ConfigException e = assertThrows(ConfigException.class, () -> ThrottleLimits.of(config));
        assertEquals("jsasl_throttle_window", e.key());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("smtpd.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("ten minutes"), e.getMessage());
        for (String bad : new String[] {"0s", "8d", "5x", "-1m"}) {
            assertThrows(ConfigException.class,
                    () -> ThrottleLimits.of(SaslConfig.of("jsasl_throttle_window", bad)), bad);
        }
        assertThrows(ConfigException.class,
                () -> ThrottleLimits.of(SaslConfig.of("jsasl_throttle_user_failures", "-1")));
    }
}
