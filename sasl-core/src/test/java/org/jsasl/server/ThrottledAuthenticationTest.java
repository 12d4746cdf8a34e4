package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.SaslThrottledException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.pwcheck.Password;
import org.jsasl.secret.CredentialKind;
import org.jsasl.testkit.FakeMechanism;
import org.jsasl.testkit.LogCapture;
import org.jsasl.testkit.TestUsersVerifierFactory;
import org.jsasl.throttle.LocalThrottle;
import org.jsasl.throttle.Throttle;
import org.junit.jupiter.api.Test;

/** jsasl_throttle: local through a whole ServerContext: what is refused, when, and what is counted. */
class ThrottledAuthenticationTest {

    private static ServerContext context(String... keysAndValues) throws ConfigException {
        return ServerContext.create(SaslConfig.of(keysAndValues), List.of(FakeMechanism.plainLike("PLAIN")));
    }

    private static ServerContext throttled(String... more) throws ConfigException {
        String[] base = {"pwcheck_method", "testusers", "testusers", "bob=right carol=right",
            "testusers_down", "dave", "testusers_disabled", "carol", "jsasl_throttle", "local",
            "jsasl_throttle_user_failures", "3", "jsasl_throttle_address_failures", "5", "log_level", "7"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return context(all);
    }

    private static AuthOutcome auth(ServerContext ctx, String address, String user, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        try (Password p = Password.copyOf(pw, 0, pw.length)) {
            return ctx.authenticator("smtp", "mail.example.com", null, null, address).authenticate(user, "", p);
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "bob=right")) {
            assertSame(Throttle.NONE, ctx.throttle());
            for (int i = 0; i < 50; i++) {
                assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "192.0.2.1", "bob", "wrong"));
            }
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "192.0.2.1", "bob", "right"));
        }
    }

    @Test
    void theRightPasswordIsRefusedWhileBlockedAndNoBackendIsAsked() throws Exception {
        try (LogCapture log = new LogCapture(); ServerContext ctx = throttled()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(new AuthOutcome.Rejected("authentication failed"), auth(ctx, "192.0.2.1", "bob", "wrong"));
            }
            long before = TestUsersVerifierFactory.CHECKS.get();
            AuthOutcome o = auth(ctx, "198.51.100.9", "bob", "right");
            AuthOutcome.Unavailable u = assertInstanceOf(AuthOutcome.Unavailable.class, o);
            assertTrue(u.throttled());
            assertEquals("too many failures for this user", u.reason());
            assertEquals(before, TestUsersVerifierFactory.CHECKS.get(), "refused before any backend is asked");
            assertFalse(log.text().contains("right"), "no password in the log");
            assertTrue(log.text().contains("authentication throttled for 'bob'"), log.text());
        }
    }

    @Test
    void anAddressIsBlockedForEveryUser() throws Exception {
        try (ServerContext ctx = throttled()) {
            for (int i = 0; i < 5; i++) {
                auth(ctx, "192.0.2.66", "guess" + i, "x");
            }
            AuthOutcome.Unavailable u = assertInstanceOf(AuthOutcome.Unavailable.class,
                    auth(ctx, "192.0.2.66", "bob", "right"));
            assertTrue(u.throttled());
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "192.0.2.67", "bob", "right"),
                    "the same user from elsewhere still gets in");
        }
    }

    @Test
    void anUnavailableBackendAndADisabledAccountAreNotCounted() throws Exception {
        try (ServerContext ctx = throttled()) {
            for (int i = 0; i < 10; i++) {
                AuthOutcome.Unavailable u = assertInstanceOf(AuthOutcome.Unavailable.class,
                        auth(ctx, "192.0.2.1", "dave", "whatever"));
                assertFalse(u.throttled(), "the backend's own unavailability is not a throttle refusal");
                assertTrue(assertInstanceOf(AuthOutcome.Rejected.class, auth(ctx, "192.0.2.1", "carol", "right"))
                        .accountDisabled());
            }
            LocalThrottle local = (LocalThrottle) ctx.throttle();
            assertEquals(0, local.userFailures("dave"));
            assertEquals(0, local.userFailures("carol"));
            assertEquals(0, local.addressFailures("192.0.2.1"));
            assertInstanceOf(AuthOutcome.Accepted.class, auth(ctx, "192.0.2.1", "bob", "right"));
        }
    }

    @Test
    void credentialLookupsAreRefusedAndMechanismRejectionsCounted() throws Exception {
        try (ServerContext ctx = throttled()) {
            Authenticator a = ctx.authenticator("smtp", "mail.example.com", null, null, "192.0.2.5");
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(AuthOutcome.Rejected.class, a.reject("bob", "wrong proof"));
            }
            CredentialLookup.Unavailable u = assertInstanceOf(CredentialLookup.Unavailable.class,
                    a.credential("bob", CredentialKind.CLEARTEXT));
            assertTrue(u.throttled());
            assertTrue(u.outcome().throttled());
        }
    }

    @Test
    void aThrottledOutcomeIsASaslThrottledExceptionWhichIsUnavailable() {
        SaslException e = assertThrows(SaslException.class,
                () -> new Completing(AuthOutcome.Unavailable.throttled("too many failures for this user"))
                        .evaluateResponse(new byte[] {1}));
        assertInstanceOf(SaslThrottledException.class, e);
        assertInstanceOf(SaslUnavailableException.class, e);
        assertEquals("FAKE: too many failures for this user", e.getMessage());
        SaslException plain = assertThrows(SaslException.class,
                () -> new Completing(new AuthOutcome.Unavailable("db down", null)).evaluateResponse(new byte[] {1}));
        assertEquals(SaslUnavailableException.class, plain.getClass());
        SaslException rejected = assertThrows(SaslException.class,
                () -> new Completing(new AuthOutcome.Rejected("no")).evaluateResponse(new byte[] {1}));
        assertEquals(AuthenticationException.class, rejected.getClass());
    }

    @Test
    void anUnknownThrottleNameIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> context("pwcheck_method", "testusers", "jsasl_throttle", "memcached"));
        assertEquals("jsasl_throttle", e.key());
        assertThrows(ConfigException.class, () -> throttled("jsasl_throttle_window", "soon"));
    }

    /** A mechanism server that ends its first step with a fixed outcome. */
    private static final class Completing extends MechanismSaslServer {
        private final AuthOutcome outcome;

        Completing(AuthOutcome outcome) {
            super(null);
            this.outcome = outcome;
        }

        @Override
        protected byte[] firstChallenge() {
            return new byte[0];
        }

        @Override
        protected byte[] step(byte[] response) throws SaslException {
            return complete(outcome, null);
        }

        @Override
        protected void clearSecrets() {
        }

        @Override
        public String getMechanismName() {
            return "FAKE";
        }
    }
}
