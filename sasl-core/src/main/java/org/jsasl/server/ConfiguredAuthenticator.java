package org.jsasl.server;

import javax.security.auth.callback.CallbackHandler;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;

/**
 * Cyrus mode: canonicalises the user, refuses realms outside {@code realm_list}, checks the
 * password with the context's {@code pwcheck_method} list, then applies the proxy policy.
 */
final class ConfiguredAuthenticator implements Authenticator {

    private final ServerContext context;
    private final String service;
    private final UserCanonicalizer canonicalizer;
    private final CallbackHandler callbackHandler;

    ConfiguredAuthenticator(ServerContext context, String service, UserCanonicalizer canonicalizer,
            CallbackHandler callbackHandler) {
        this.context = context;
        this.service = service;
        this.canonicalizer = canonicalizer;
        this.callbackHandler = callbackHandler;
    }

    @Override
    public AuthOutcome authenticate(String authcid, String authzid, Password password) {
        SaslLog log = context.log();
        if (context.isClosed()) {
            return new AuthOutcome.Unavailable("server context is closed", null);
        }
        CanonicalUser user;
        try {
            user = canonicalizer.canonicalize(authcid);
        } catch (IllegalArgumentException e) {
            log.fail("authentication refused: {}", e.getMessage());
            return new AuthOutcome.Rejected(e.getMessage());
        }
        if (!context.realms().accepts(user, canonicalizer.userRealm())) {
            // Before any lookup: a lookup that ignores %r would accept user@anything with user's password.
            log.fail("authentication refused for {}: realm {} is not in realm_list", SaslLog.quote(user.authid()),
                    SaslLog.quote(user.realm()));
            return new AuthOutcome.Rejected("realm not accepted");
        }
        VerifyResult result = context.verifiers().verify(new VerifyRequest(user, password, service));
        if (result instanceof VerifyResult.Unavailable u) {
            log.err("password check for {} could not be done: {}", SaslLog.quote(user.authid()), u.reason());
            if (u.cause() != null) {
                // Causes come from drivers and sockets, which never see a password (lookups bind only
                // the user and realm; stores report no driver text); the stack trace helps an admin.
                log.debug("cause of the failed check", u.cause());
            }
            return new AuthOutcome.Unavailable(u.reason(), u.cause());
        }
        if (result instanceof VerifyResult.Rejected r) {
            log.fail("authentication failed for {}: {}", SaslLog.quote(user.authid()), r.reason());
            return new AuthOutcome.Rejected("authentication failed");
        }
        String requested = "";
        if (!authzid.isEmpty()) {
            CanonicalUser target;
            try {
                target = canonicalizer.canonicalize(authzid);
            } catch (IllegalArgumentException e) {
                log.fail("authorization identity refused for {}: {}", SaslLog.quote(user.authid()), e.getMessage());
                return new AuthOutcome.Rejected("invalid authorization identity: " + e.getMessage());
            }
            if (!context.realms().accepts(target, canonicalizer.userRealm())) {
                log.fail("authorization identity {} refused for {}: realm not in realm_list",
                        SaslLog.quote(target.authid()), SaslLog.quote(user.authid()));
                return new AuthOutcome.Rejected("invalid authorization identity: realm not accepted");
            }
            requested = target.authid();
        }
        AuthOutcome outcome = Authorization.cyrusPolicy(user.authid(), requested, callbackHandler,
                ((VerifyResult.Accepted) result).properties());
        if (outcome instanceof AuthOutcome.Accepted a) {
            log.note("authenticated {} as {} for {}", SaslLog.quote(a.authenticationId()),
                    SaslLog.quote(a.authorizationId()), service);
        } else if (outcome instanceof AuthOutcome.Rejected r) {
            log.fail("{}", r.reason());
        }
        return outcome;
    }
}
