package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jsasl.config.ConfigException;
import org.jsasl.config.ConfigReader;
import org.jsasl.config.SaslConfig;
import org.jsasl.pwcheck.Password;
import org.jsasl.testkit.FakeMechanism;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.MemoryAuxpropFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** realm_list, and the start-up warning for realms that reach a lookup ignoring them. */
class RealmListTest {

    @TempDir
    Path dir;

    /** A guide-style source: keyed by the user part only, as "WHERE local_part='%u'". */
    private static final String[] REALM_BLIND = {"memory_userpassword", "testuser=secret", "memory_key", "user"};

    private static ServerContext context(String... extra) throws ConfigException {
        String[] kv = new String[REALM_BLIND.length + extra.length];
        System.arraycopy(REALM_BLIND, 0, kv, 0, REALM_BLIND.length);
        System.arraycopy(extra, 0, kv, REALM_BLIND.length, extra.length);
        return ServerContext.create(SaslConfig.of(kv), List.of(FakeMechanism.plainLike("PLAIN")));
    }

    private static AuthOutcome auth(ServerContext ctx, String userRealm, String authcid, String authzid) {
        byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return ctx.authenticator("smtp", "mail.example.com", userRealm, null).authenticate(authcid, authzid, p);
        }
    }

    @Test
    void withoutRealmListAnyRealmReachesARealmBlindLookupAsInCyrus() throws Exception {
        try (ServerContext ctx = context()) {
            AuthOutcome.Accepted a = assertInstanceOf(AuthOutcome.Accepted.class,
                    auth(ctx, null, "testuser@anything.example", ""));
            assertEquals("testuser@anything.example", a.authorizationId());
        }
    }

    @Test
    void anUnlistedRealmIsRejectedBeforeAnyLookup() throws Exception {
        try (ServerContext ctx = context("realm_list", "example.org, example.net")) {
            long before = MemoryAuxpropFactory.LOOKUPS.get();
            AuthOutcome.Rejected r = assertInstanceOf(AuthOutcome.Rejected.class,
                    auth(ctx, null, "testuser@anything.example", ""));
            assertEquals("realm not accepted", r.reason());
            assertEquals(before, MemoryAuxpropFactory.LOOKUPS.get(), "no lookup for a refused realm");
        }
    }

    @Test
    void listedRealmsMatchWithoutCaseAndBareNamesAreAlwaysAccepted() throws Exception {
        try (ServerContext ctx = context("realm_list", "Example.ORG example.net")) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, null, "testuser@example.org", ""));
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, null, "testuser@EXAMPLE.NET", ""));
            assertEquals("testuser", assertInstanceOf(AuthOutcome.Accepted.class,
                    auth(ctx, null, "testuser", "")).authorizationId());
        }
    }

    @Test
    void theRealmTheApplicationAppendsIsAcceptedEvenWhenNotListed() throws Exception {
        try (ServerContext ctx = context("realm_list", "none")) {
            assertEquals("testuser@local.example", assertInstanceOf(AuthOutcome.Accepted.class,
                    auth(ctx, "local.example", "testuser", "")).authorizationId());
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "local.example", "testuser@local.example", ""));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "local.example", "testuser@other.example", ""));
        }
    }

    @Test
    void noneAcceptsBareNamesOnly() throws Exception {
        try (ServerContext ctx = context("realm_list", "none")) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, null, "testuser", ""));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, null, "testuser@example.org", ""));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, null, "testuser@", ""));
        }
    }

    @Test
    void anAuthorizationIdentityInAnUnlistedRealmIsRefused() throws Exception {
        try (ServerContext ctx = context("realm_list", "example.org")) {
            AuthOutcome.Rejected r = assertInstanceOf(AuthOutcome.Rejected.class,
                    auth(ctx, null, "testuser", "testuser@anything.example"));
            assertEquals("invalid authorization identity: realm not accepted", r.reason());
        }
    }

    @Test
    void parsesWordsCommasAndNone() throws Exception {
        assertEquals(RealmList.ANY, RealmList.of(SaslConfig.EMPTY));
        assertFalse(RealmList.ANY.restricted());
        RealmList two = RealmList.of(SaslConfig.of("realm_list", " Example.org,example.net  a.example "));
        assertEquals(Set.of("example.org", "example.net", "a.example"), two.realms());
        assertTrue(two.restricted());
        RealmList none = RealmList.of(SaslConfig.of("realm_list", "NONE"));
        assertTrue(none.restricted());
        assertEquals(Set.of(), none.realms());
    }

    @Test
    void badValuesAreConfigErrorsNamingFileLineAndKey() throws Exception {
        Path conf = dir.resolve("smtpd.conf");
        for (String value : new String[] {"none example.org", "user@example.org", ",", "exa\u007fmple.org"}) {
            Files.writeString(conf, "pwcheck_method: auxprop\nrealm_list: " + value + "\n");
            SaslConfig config = ConfigReader.read(conf);
            ConfigException e = assertThrows(ConfigException.class, () -> RealmList.of(config), value);
            assertEquals("realm_list", e.key());
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("smtpd.conf"), e.getMessage());
        }
    }

    @Test
    void startUpWarnsOnceWhenAnyRealmCanReachARealmBlindLookup() throws Exception {
        try (LogCapture log = new LogCapture(); ServerContext ctx = context()) {
            List<String> warnings = log.lines().stream().filter(l -> l.contains("any realm a client names")).toList();
            assertEquals(1, warnings.size(), log.text());
            assertTrue(warnings.get(0).startsWith("WARN"), warnings.get(0));
            assertTrue(warnings.get(0).contains("auxprop: memory_key is user"), warnings.get(0));
            assertTrue(warnings.get(0).contains("realm_list"), warnings.get(0));
            auth(ctx, null, "testuser@anything.example", "");
            auth(ctx, null, "testuser@other.example", "");
            assertEquals(1, log.lines().stream().filter(l -> l.contains("any realm a client names")).count());
        }
    }

    @Test
    void noWarningWhenTheLookupUsesTheRealmOrRealmsAreRestricted() throws Exception {
        try (LogCapture log = new LogCapture()) {
            ServerContext.create(SaslConfig.of("memory_userpassword", "testuser@example.org=secret"),
                    List.of(FakeMechanism.plainLike("PLAIN"))).close();
            context("realm_list", "none").close();
            context("realm_list", "example.org").close();
            assertFalse(log.text().contains("realm"), log.text());
        }
    }

    @Test
    void severalListedRealmsSharingOneAccountAreWarnedAbout() throws Exception {
        try (LogCapture log = new LogCapture(); ServerContext ctx = context("realm_list", "example.org example.net")) {
            assertTrue(log.text().contains("all reach the same accounts"), log.text());
        }
    }
}
