package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthorizeCallback;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.pwcheck.Password;
import org.jsasl.testkit.FakeMechanism;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;

class ServerContextTest {

    private static ServerContext context(String... keysAndValues) throws ConfigException {
        return ServerContext.create(SaslConfig.of(keysAndValues),
                List.of(FakeMechanism.plainLike("PLAIN"), FakeMechanism.plainLike("LOGIN")));
    }

    private static AuthOutcome auth(ServerContext ctx, String authcid, String authzid, String password) {
        return auth(ctx, null, null, authcid, authzid, password);
    }

    private static AuthOutcome auth(ServerContext ctx, String realm, CallbackHandler cbh, String authcid,
            String authzid, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return ctx.authenticator("smtp", "mail.example.com", realm, cbh).authenticate(authcid, authzid, p);
        }
    }

    @Test
    void pwcheckMethodListKeepsOrderIgnoresCaseAndSkipsUnknown() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "nosuch TESTUSERS auxprop", "memory_userpassword", "a=b")) {
            assertEquals(List.of("testusers", "auxprop"), ctx.passwordVerifiers());
        }
    }

    @Test
    void noKnownPwcheckMethodIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> context("pwcheck_method", "pwcheck alwaystrue"));
        assertEquals("pwcheck_method", e.key());
        assertTrue(e.getMessage().contains("no installed password verifier"), e.getMessage());
    }

    @Test
    void defaultAuxpropWithoutAnyPropertySourceIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> context("mech_list", "PLAIN"));
        assertTrue(e.getMessage().contains("needs a property source"), e.getMessage());
    }

    @Test
    void listedButUnconfiguredAuxpropPluginIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> context("auxprop_plugin", "memory"));
        assertEquals("auxprop_plugin", e.key());
    }

    @Test
    void auxpropComparesCleartextUserPassword() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "memory_nopassword", "nopw")) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "alice", "", "secret"));
            assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "alice", "", "Secret"));
            assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "alice", "", "secret "));
            assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "mallory", "", "secret"));
            assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "nopw", "", ""));
        }
    }

    @Test
    void auxpropSourceDownIsUnavailableNeverRejected() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "memory_down", "yes")) {
            assertInstanceOf(AuthOutcome.Unavailable.class, auth(ctx, "alice", "", "secret"));
            assertInstanceOf(AuthOutcome.Unavailable.class, auth(ctx, "alice", "", "wrong"));
        }
    }

    private static final String SHA512_OF_PASSWORD =
            "$6$IrIw5DTwhKPDxfh7$azqLt0a0RXhFBeZkb/gijkVgfKzMtYewiCE.gh6tWMRsSDn/RadP.pJ/2YCINGj0hezqLUJNalKcD0obirrFu.";

    @Test
    void cryptPasswordFormatVerifiesHashesAndSchemes() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "password_format", "crypt",
                "memory_userpassword", "alice=" + SHA512_OF_PASSWORD + " bob={SSHA}FHSxcxbjq3MLv1uDHG3KR7rjXIwBAnNhbHRzYWx0"
                        + " carol=$6$trunc dave=password")) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "alice", "", "password"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "alice", "", "Password"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "alice", "", SHA512_OF_PASSWORD),
                    "the hash itself is not a password");
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "bob", "", "password"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "carol", "", "password"), "malformed hash");
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "dave", "", "password"),
                    "a cleartext value under password_format crypt is never compared as cleartext");
        }
    }

    @Test
    void cryptTradTakesOnlyDesHashes() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "password_format", "crypt_trad",
                "memory_userpassword", "alice=YKU9xym3zeZW. bob=" + SHA512_OF_PASSWORD)) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "alice", "", "password"));
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "alice", "", "passwordX"),
                    "traditional DES reads only the first 8 bytes, as crypt(3) does");
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "alice", "", "passwore"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "bob", "", "password"));
        }
    }

    @Test
    void unknownPasswordFormatIsAnErrorNotCleartext() {
        ConfigException e = assertThrows(ConfigException.class, () -> context("auxprop_plugin", "memory",
                "memory_userpassword", "a=b", "password_format", "md5"));
        assertTrue(e.getMessage().contains("unknown format 'md5'"), e.getMessage());
    }

    @Test
    void logLevelMustBeZeroToSeven() {
        assertThrows(ConfigException.class, () -> context("pwcheck_method", "testusers", "log_level", "8"));
        assertThrows(ConfigException.class, () -> context("pwcheck_method", "testusers", "log_level", "debug"));
    }

    @Test
    void realmIsAppendedBeforeTheVerifierSeesTheName() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob@example.org=pw")) {
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "example.org", null, "bob", "", "pw"));
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, null, null, "bob", "", "pw"));
        }
    }

    @Test
    void aDisabledAccountWithItsRightPasswordIsADisabledRejectionAndAWrongPasswordIsAPlainOne() throws Exception {
        try (LogCapture log = new LogCapture();
                ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob=pw carol=pw",
                        "testusers_disabled", "carol", "log_level", "7")) {
            assertEquals(AuthOutcome.Rejected.disabled("account disabled"), auth(ctx, "carol", "", "pw"));
            assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "carol", "", "wrong"));
            assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "nosuch", "", "pw"));
            assertTrue(log.text().contains("test account is disabled"), "the backend's reason is logged");
            AuthOutcome proxyRefused = auth(ctx, "bob", "root", "pw");
            assertFalse(assertInstanceOf(AuthOutcome.Rejected.class, proxyRefused).accountDisabled(),
                    "an authorisation refusal is not a disabled account");
        }
    }

    @Test
    void emptyUserIsRejectedNotATemporaryFailure() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob=pw")) {
            assertEquals(new AuthOutcome.Rejected("empty user name"), auth(ctx, "  ", "", "pw"));
        }
    }

    @Test
    void emptyOrOwnAuthzidIsAllowedAnyOtherNeedsTheCallback() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob@example.org=pw")) {
            AuthOutcome own = auth(ctx, "example.org", null, "bob", "bob", "pw");
            assertEquals(new AuthOutcome.Accepted("bob@example.org", "bob@example.org", Map.of("org.jsasl.test.home",
                    "/home/bob@example.org")), own, "the authzid is canonicalised like the authcid");
            assertEquals(new AuthOutcome.Rejected("'bob@example.org' is not authorized to act as 'root@example.org'"),
                    auth(ctx, "example.org", null, "bob", "root", "pw"));
            CallbackHandler allowAll = cbs -> ((AuthorizeCallback) cbs[0]).setAuthorized(true);
            AuthOutcome proxied = auth(ctx, "example.org", allowAll, "bob", "root", "pw");
            assertEquals("root@example.org", ((AuthOutcome.Accepted) proxied).authorizationId());
            CallbackHandler denyAll = cbs -> ((AuthorizeCallback) cbs[0]).setAuthorized(false);
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "example.org", denyAll, "bob", "root", "pw"));
            CallbackHandler broken = cbs -> {
                throw new java.io.IOException("directory down");
            };
            assertInstanceOf(AuthOutcome.Unavailable.class, auth(ctx, "example.org", broken, "bob", "root", "pw"));
        }
    }

    @Test
    void wrongPasswordIsNotAskedAboutAuthorization() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob=pw")) {
            CallbackHandler allowAll = cbs -> ((AuthorizeCallback) cbs[0]).setAuthorized(true);
            assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, null, allowAll, "bob", "root", "nope"));
        }
    }

    @Test
    void closedContextIsUnavailable() throws Exception {
        ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob=pw");
        ctx.close();
        ctx.close();
        assertTrue(ctx.isClosed());
        assertInstanceOf(AuthOutcome.Unavailable.class, auth(ctx, "bob", "", "pw"));
    }

    @Test
    void mechanismNamesFollowMechListAndPolicy() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "mech_list", "login plain")) {
            assertEquals(List.of("LOGIN", "PLAIN"), ctx.mechanismNames(SecurityPolicy.NONE));
            assertEquals(List.of(), ctx.mechanismNames(SecurityPolicy.parse("noplaintext")));
        }
    }

    @Test
    void noPasswordReachesTheLogAtLogLevelSeven() throws Exception {
        String secret = "Tr0ub4dor&3-unique";
        try (LogCapture log = new LogCapture();
                ServerContext ctx = context("pwcheck_method", "testusers auxprop", "log_level", "7",
                        "testusers", "bob=" + secret, "testusers_down", "carol",
                        "auxprop_plugin", "memory", "memory_userpassword", "dave=" + secret)) {
            auth(ctx, "bob", "", secret);
            auth(ctx, "bob", "", secret + "x");
            auth(ctx, "carol", "", secret);
            auth(ctx, "dave", "", secret);
            auth(ctx, "dave", "", "wrong" + secret);
            auth(ctx, secret, "", secret);
            assertTrue(log.text().contains("authentication failed for"), log.text());
            for (String line : log.lines()) {
                if (!line.contains("for '" + secret + "'")) {
                    assertTrue(!line.contains(secret), line);
                }
            }
        }
    }
}
