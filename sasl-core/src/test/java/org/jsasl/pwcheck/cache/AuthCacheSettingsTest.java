package org.jsasl.pwcheck.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jsasl.config.ConfigException;
import org.jsasl.config.ConfigReader;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.FakeMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthCacheSettingsTest {

    @Test
    void offByDefault() throws Exception {
        assertSame(AuthCacheSettings.OFF, AuthCacheSettings.of(SaslConfig.EMPTY));
        assertFalse(AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_size", "0")).enabled());
        // The other keys are not even read while the cache is off.
        assertFalse(AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_ttl", "soon")).enabled());
    }

    @Test
    void defaultsOnceASizeIsSet() throws Exception {
        AuthCacheSettings s = AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_size", "1000"));
        assertTrue(s.enabled());
        assertEquals(1000, s.maxEntries());
        assertEquals(10L * 1024 * 1024, s.maxBytes());
        assertEquals(Duration.ofHours(1), s.ttl());
        assertEquals(Duration.ofMinutes(5), s.negativeTtl());
        assertFalse(s.staleIfUnavailable());
    }

    @Test
    void unitsAsPostfixWritesThem() throws Exception {
        AuthCacheSettings s = AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_size", "10",
                "jsasl_auth_cache_bytes", "512K", "jsasl_auth_cache_ttl", "2h",
                "jsasl_auth_cache_negative_ttl", "0", "jsasl_auth_cache_stale_if_unavailable", "yes"));
        assertEquals(512 * 1024, s.maxBytes());
        assertEquals(Duration.ofHours(2), s.ttl());
        assertEquals(Duration.ZERO, s.negativeTtl());
        assertTrue(s.staleIfUnavailable());
        assertEquals(Duration.ofSeconds(90), AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_size", "1",
                "jsasl_auth_cache_ttl", "90")).ttl());
        assertEquals(10L << 20, AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_size", "1",
                "jsasl_auth_cache_bytes", "10m")).maxBytes());
    }

    @Test
    void badValuesNameTheKey() {
        assertKey("jsasl_auth_cache_size", "jsasl_auth_cache_size", "many");
        assertKey("jsasl_auth_cache_size", "jsasl_auth_cache_size", "-1");
        assertKey("jsasl_auth_cache_ttl", "jsasl_auth_cache_size", "5", "jsasl_auth_cache_ttl", "-5");
        assertKey("jsasl_auth_cache_ttl", "jsasl_auth_cache_size", "5", "jsasl_auth_cache_ttl", "0");
        assertKey("jsasl_auth_cache_ttl", "jsasl_auth_cache_size", "5", "jsasl_auth_cache_ttl", "8d");
        assertKey("jsasl_auth_cache_negative_ttl", "jsasl_auth_cache_size", "5",
                "jsasl_auth_cache_negative_ttl", "-1");
        assertKey("jsasl_auth_cache_negative_ttl", "jsasl_auth_cache_size", "5",
                "jsasl_auth_cache_negative_ttl", "1 hour");
        assertKey("jsasl_auth_cache_bytes", "jsasl_auth_cache_size", "5", "jsasl_auth_cache_bytes", "lots");
        assertKey("jsasl_auth_cache_bytes", "jsasl_auth_cache_size", "5", "jsasl_auth_cache_bytes", "100");
    }

    private static void assertKey(String key, String... keysAndValues) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AuthCacheSettings.of(SaslConfig.of(keysAndValues)));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void serverContextRefusesABadValueNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("smtpd.conf");
        Files.writeString(file, "pwcheck_method: testusers\ntestusers: alice=secret\njsasl_auth_cache_size: 100\n"
                + "jsasl_auth_cache_negative_ttl: -30\n");
        SaslConfig config = ConfigReader.read(file);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerContext.create(config, List.of(FakeMechanism.plainLike("PLAIN"))));
        assertEquals("jsasl_auth_cache_negative_ttl", e.key());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith(file + ":4: jsasl_auth_cache_negative_ttl: "), e.getMessage());
    }
}
