package org.jsasl.pwcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsasl.metrics.AuthMetrics;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.CredentialSupport;
import org.jsasl.server.CanonicalUser;

/**
 * The verifiers of a {@code pwcheck_method} list, tried in order until one accepts, as Cyrus does.
 * Where we differ from Cyrus on purpose: when none accepts and any was unavailable, the result is
 * unavailable rather than the last verifier's answer, because the verifier that could not answer
 * might have accepted (a daemon that is down must give "try again later", never a reject).
 * As in Cyrus' {@code _sasl_account_status}, a "disabled" answer wins over the others' "no such
 * user" or "wrong password": when none accepts, none was unavailable and any said the account is
 * disabled, the result is a disabled rejection. A verifier says so only after a right password, so
 * this adds no user-name oracle; an unavailable verifier still wins over it, for the reason above.
 */
public final class VerifierChain implements AutoCloseable {

    private final List<String> names;
    private final List<PasswordVerifier> verifiers;

    /** @param verifiers the verifiers by {@code pwcheck_method} name, in list order */
    public VerifierChain(Map<String, PasswordVerifier> verifiers) {
        this.names = List.copyOf(verifiers.keySet());
        this.verifiers = List.copyOf(verifiers.values());
    }

    /** The {@code pwcheck_method} names in the order they are tried. */
    public List<String> names() {
        return names;
    }

    /** Runs the verifiers in order; see the class comment for how results combine. */
    public VerifyResult verify(VerifyRequest request) {
        VerifyResult.Unavailable unavailable = null;
        VerifyResult last = new VerifyResult.Rejected("no password verifier");
        List<String> reasons = new ArrayList<>(verifiers.size());
        boolean disabled = false;
        AuthMetrics metrics = AuthMetrics.current();
        for (int i = 0; i < verifiers.size(); i++) {
            VerifyResult r;
            // No clock read unless someone records it.
            long start = metrics == AuthMetrics.NOOP ? 0 : System.nanoTime();
            try {
                r = verifiers.get(i).verify(request);
            } catch (RuntimeException e) {
                // A verifier bug must never turn into an accept or escape to the protocol layer.
                r = new VerifyResult.Unavailable("internal error in verifier", e);
            }
            if (metrics != AuthMetrics.NOOP) {
                metrics.verifier(names.get(i), AuthMetrics.outcomeOf(r), System.nanoTime() - start);
            }
            if (r instanceof VerifyResult.Accepted) {
                return r;
            }
            if (r instanceof VerifyResult.Unavailable u && unavailable == null) {
                unavailable = new VerifyResult.Unavailable(names.get(i) + ": " + u.reason(), u.cause());
            }
            if (r instanceof VerifyResult.Rejected rej) {
                reasons.add(names.get(i) + ": " + rej.reason());
                disabled |= rej.accountDisabled();
            }
            last = r;
        }
        if (unavailable != null) {
            return unavailable;
        }
        if (verifiers.size() > 1 && last instanceof VerifyResult.Rejected) {
            return new VerifyResult.Rejected(String.join("; ", reasons), disabled);
        }
        return last;
    }

    /** The best support any verifier has for {@code kind}. */
    public CredentialSupport credentialSupport(CredentialKind kind) {
        CredentialSupport best = CredentialSupport.NONE;
        for (PasswordVerifier v : verifiers) {
            best = best.or(v.credentialSupport(kind));
        }
        return best;
    }

    /**
     * Asks the verifiers in order for the user's credential; the first found wins. As with
     * {@link #verify}, when none has it and any was unavailable, the answer is unavailable.
     */
    public CredentialResult credential(CanonicalUser user, CredentialKind kind) {
        CredentialResult.Unavailable unavailable = null;
        List<String> reasons = new ArrayList<>(verifiers.size());
        AuthMetrics metrics = AuthMetrics.current();
        for (int i = 0; i < verifiers.size(); i++) {
            PasswordVerifier v = verifiers.get(i);
            if (v.credentialSupport(kind) == CredentialSupport.NONE) {
                continue;
            }
            CredentialResult r;
            long start = metrics == AuthMetrics.NOOP ? 0 : System.nanoTime();
            try {
                r = v.credential(user, kind);
            } catch (RuntimeException e) {
                r = new CredentialResult.Unavailable("internal error in verifier", e);
            }
            if (metrics != AuthMetrics.NOOP) {
                metrics.verifier(names.get(i), AuthMetrics.outcomeOf(r), System.nanoTime() - start);
            }
            if (r instanceof CredentialResult.Found) {
                return r;
            }
            if (r instanceof CredentialResult.Unavailable u && unavailable == null) {
                unavailable = new CredentialResult.Unavailable(names.get(i) + ": " + u.reason(), u.cause());
            }
            if (r instanceof CredentialResult.Missing m) {
                reasons.add(names.get(i) + ": " + m.reason());
            }
        }
        if (unavailable != null) {
            return unavailable;
        }
        return new CredentialResult.Missing(reasons.isEmpty() ? "no password verifier can hand out credentials"
                : String.join("; ", reasons));
    }

    /**
     * For each verifier whose backend ignores the realm, {@code "name: reason"} (see
     * {@link PasswordVerifier#realmIgnored}), in list order.
     */
    public List<String> realmIgnored() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < verifiers.size(); i++) {
            String name = names.get(i);
            verifiers.get(i).realmIgnored().ifPresent(why -> out.add(name + ": " + why));
        }
        return out;
    }

    @Override
    public void close() {
        for (PasswordVerifier v : verifiers) {
            v.close();
        }
    }
}
