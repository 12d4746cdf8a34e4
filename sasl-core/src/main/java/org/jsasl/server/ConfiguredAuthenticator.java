package org.jsasl.server;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import org.jsasl.pwcheck.CredentialResult;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.secret.CredentialKind;

/**
 * Cyrus mode: canonicalises the user, refuses realms outside {@code realm_list}, checks the
 * password (or hands out the stored credential) with the context's {@code pwcheck_method} list,
 * then applies the proxy policy.
 */
final class ConfiguredAuthenticator implements Authenticator {

    /** The longest ANONYMOUS trace token logged; the rest is cut. */
    private static final int TRACE_LOGGED = 64;

    private final ServerContext context;
    private final String service;
    private final UserCanonicalizer canonicalizer;
    private final CallbackHandler callbackHandler;
    private final ThrottleGate throttle;

    ConfiguredAuthenticator(ServerContext context, String service, UserCanonicalizer canonicalizer,
            CallbackHandler callbackHandler, ThrottleGate throttle) {
        this.context = context;
        this.service = service;
        this.canonicalizer = canonicalizer;
        this.callbackHandler = callbackHandler;
        this.throttle = throttle;
    }

    /** The canonical user, or the reason it is refused before any lookup. */
    private sealed interface Admission {
        record Admitted(CanonicalUser user) implements Admission {
        }

        record Refused(String reason) implements Admission {
        }
    }

    private Admission admit(String authcid) {
        SaslLog log = context.log();
        CanonicalUser user;
        try {
            user = canonicalizer.canonicalize(authcid);
        } catch (IllegalArgumentException e) {
            log.fail("authentication refused: {}", e.getMessage());
            return new Admission.Refused(e.getMessage());
        }
        if (!context.realms().accepts(user, canonicalizer.userRealm())) {
            // Before any lookup: a lookup that ignores %r would accept user@anything with user's password.
            log.fail("authentication refused for {}: realm {} is not in realm_list", SaslLog.quote(user.authid()),
                    SaslLog.quote(user.realm()));
            return new Admission.Refused("realm not accepted");
        }
        return new Admission.Admitted(user);
    }

    @Override
    public AuthOutcome authenticate(String authcid, String authzid, Password password) {
        SaslLog log = context.log();
        if (context.isClosed()) {
            return new AuthOutcome.Unavailable("server context is closed", null);
        }
        Admission admission = admit(authcid);
        if (admission instanceof Admission.Refused r) {
            return new AuthOutcome.Rejected(r.reason());
        }
        CanonicalUser user = ((Admission.Admitted) admission).user();
        AuthOutcome.Unavailable throttled = throttle.refusal(user.authid());
        if (throttled != null) {
            return throttled; // before any backend and the cache: the right password must not get in either
        }
        VerifyResult result = context.authCache().verify(new VerifyRequest(user, password, service),
                context.verifiers()::verify);
        if (result instanceof VerifyResult.Unavailable u) {
            logUnavailable(user, u.reason(), u.cause());
            return new AuthOutcome.Unavailable(u.reason(), u.cause());
        }
        if (result instanceof VerifyResult.Rejected r) {
            log.fail("authentication failed for {}: {}", SaslLog.quote(user.authid()), r.reason());
            if (!r.accountDisabled()) {
                throttle.failed(user.authid());
            }
            if (r.accountDisabled()) {
                // Verifiers say "disabled" only after a right password, so the client may learn it
                // (Dovecot's code=user_disabled); the backend's reason stays in the log.
                return AuthOutcome.Rejected.disabled("account disabled");
            }
            return new AuthOutcome.Rejected("authentication failed");
        }
        return throttle.succeeded(user.authid(),
                authorize(user.authid(), authzid, ((VerifyResult.Accepted) result).properties()));
    }

    @Override
    public CredentialLookup credential(String authcid, CredentialKind kind) {
        if (context.isClosed()) {
            return new CredentialLookup.Unavailable("server context is closed", null);
        }
        Admission admission = admit(authcid);
        if (admission instanceof Admission.Refused r) {
            return new CredentialLookup.Missing(authcid, r.reason());
        }
        CanonicalUser user = ((Admission.Admitted) admission).user();
        AuthOutcome.Unavailable throttled = throttle.refusal(user.authid());
        if (throttled != null) {
            return new CredentialLookup.Unavailable(throttled.reason(), null, true);
        }
        CredentialResult result = context.verifiers().credential(user, kind);
        if (result instanceof CredentialResult.Unavailable u) {
            logUnavailable(user, u.reason(), u.cause());
            return new CredentialLookup.Unavailable(u.reason(), u.cause());
        }
        if (result instanceof CredentialResult.Missing m) {
            // Logged when the mechanism fails the exchange (reject), which it does only at the end.
            return new CredentialLookup.Missing(user.authid(), m.reason());
        }
        CredentialResult.Found f = (CredentialResult.Found) result;
        return new CredentialLookup.Found(user.authid(), f.credential(), f.properties());
    }

    private void logUnavailable(CanonicalUser user, String reason, Throwable cause) {
        SaslLog log = context.log();
        log.err("password check for {} could not be done: {}", SaslLog.quote(user.authid()), reason);
        if (cause != null) {
            // Causes come from drivers and sockets, which never see a password (lookups bind only
            // the user and realm; stores report no driver text); the stack trace helps an admin.
            log.debug("cause of the failed check", cause);
        }
    }

    @Override
    public AuthOutcome authorize(String authenticationId, String authzid, Map<String, String> properties) {
        SaslLog log = context.log();
        String requested = "";
        if (!authzid.isEmpty()) {
            CanonicalUser target;
            try {
                target = canonicalizer.canonicalize(authzid);
            } catch (IllegalArgumentException e) {
                log.fail("authorization identity refused for {}: {}", SaslLog.quote(authenticationId), e.getMessage());
                return new AuthOutcome.Rejected("invalid authorization identity: " + e.getMessage());
            }
            if (!context.realms().accepts(target, canonicalizer.userRealm())) {
                log.fail("authorization identity {} refused for {}: realm not in realm_list",
                        SaslLog.quote(target.authid()), SaslLog.quote(authenticationId));
                return new AuthOutcome.Rejected("invalid authorization identity: realm not accepted");
            }
            requested = target.authid();
        }
        AuthOutcome outcome = Authorization.cyrusPolicy(authenticationId, requested, callbackHandler, properties);
        if (outcome instanceof AuthOutcome.Accepted a) {
            log.note("authenticated {} as {} for {}", SaslLog.quote(a.authenticationId()),
                    SaslLog.quote(a.authorizationId()), service);
        } else if (outcome instanceof AuthOutcome.Rejected r) {
            log.fail("{}", r.reason());
        }
        return outcome;
    }

    @Override
    public AuthOutcome reject(String authenticationId, String reason) {
        context.log().fail("authentication failed for {}: {}", SaslLog.quote(authenticationId), reason);
        throttle.failed(authenticationId); // a wrong proof or unknown user of CRAM-MD5 or SCRAM
        return new AuthOutcome.Rejected("authentication failed");
    }

    @Override
    public AuthOutcome anonymous(String trace) {
        String shown = trace.length() > TRACE_LOGGED ? trace.substring(0, TRACE_LOGGED) + "..." : trace;
        context.log().note("anonymous login for {}, trace {}", service, SaslLog.quote(shown));
        return new AuthOutcome.Accepted(ANONYMOUS_ID, ANONYMOUS_ID, Map.of("org.jsasl.anonymousTrace", trace));
    }
}
