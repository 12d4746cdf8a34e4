package org.jsasl.testkit;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jsasl.config.ConfigException;
import org.jsasl.pwcheck.PasswordVerifier;
import org.jsasl.pwcheck.PasswordVerifierFactory;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.server.PluginContext;

/**
 * Test-only {@code pwcheck_method: testusers}: users and cleartext passwords from the option
 * {@code testusers: alice=secret bob=hunter2}; users listed in {@code testusers_down} get
 * "unavailable", as a backend that is down; users listed in {@code testusers_disabled} get "account
 * disabled", but only after their right password (a wrong one is a plain rejection, as a real
 * backend must do so as not to reveal the account). Never shipped: jsasl has no always-true verifier.
 */
public final class TestUsersVerifierFactory implements PasswordVerifierFactory {

    /** Password checks asked of every testusers verifier so far, for tests that prove none was asked. */
    public static final java.util.concurrent.atomic.AtomicLong CHECKS = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String name() {
        return "testusers";
    }

    @Override
    public PasswordVerifier create(PluginContext context) throws ConfigException {
        Map<String, byte[]> users = new HashMap<>();
        for (String pair : context.config().words("testusers")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw context.config().error("testusers", "expected user=password");
            }
            users.put(pair.substring(0, eq), pair.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
        }
        Set<String> down = Set.copyOf(context.config().words("testusers_down"));
        Set<String> disabled = Set.copyOf(context.config().words("testusers_disabled"));
        boolean allDown = context.config().flag("testusers_all_down", false);
        return request -> {
            CHECKS.incrementAndGet();
            String id = request.user().authid();
            if (allDown || down.contains(id)) {
                return new VerifyResult.Unavailable("test backend is down", null);
            }
            byte[] expected = users.get(id);
            if (expected == null) {
                return new VerifyResult.Rejected("no such user");
            }
            if (!request.password().matches(expected)) {
                return new VerifyResult.Rejected("wrong password");
            }
            return disabled.contains(id) ? VerifyResult.Rejected.disabled("test account is disabled")
                    : new VerifyResult.Accepted(Map.of("org.jsasl.test.home", "/home/" + id));
        };
    }
}
