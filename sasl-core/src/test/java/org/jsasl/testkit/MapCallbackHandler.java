package org.jsasl.testkit;

import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;

/**
 * A JDK-style CallbackHandler for tests: hands out stored cleartext passwords through
 * PasswordCallback (as ZooKeeper- or Kafka-style handlers do) and allows proxying per a rule.
 */
public final class MapCallbackHandler implements CallbackHandler {

    private final Map<String, String> passwords;
    private final BiPredicate<String, String> mayActAs;
    private final Set<Class<?>> unsupported;

    /**
     * @param passwords user to cleartext password
     * @param mayActAs (authcid, authzid) allowed when a different identity is asked for
     * @param unsupported callback types this handler pretends not to know
     */
    public MapCallbackHandler(Map<String, String> passwords, BiPredicate<String, String> mayActAs,
            Set<Class<?>> unsupported) {
        this.passwords = passwords;
        this.mayActAs = mayActAs;
        this.unsupported = unsupported;
    }

    /** Users with passwords; proxying only to oneself. */
    public static MapCallbackHandler of(Map<String, String> passwords) {
        return new MapCallbackHandler(passwords, (a, b) -> false, Set.of());
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String name = null;
        for (Callback cb : callbacks) {
            if (unsupported.contains(cb.getClass())) {
                throw new UnsupportedCallbackException(cb);
            }
            if (cb instanceof NameCallback nc) {
                name = nc.getName() != null ? nc.getName() : nc.getDefaultName();
            } else if (cb instanceof PasswordCallback pc) {
                String pw = passwords.get(name);
                pc.setPassword(pw == null ? null : pw.toCharArray());
            } else if (cb instanceof AuthorizeCallback ac) {
                ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID())
                        || mayActAs.test(ac.getAuthenticationID(), ac.getAuthorizationID()));
            } else {
                throw new UnsupportedCallbackException(cb);
            }
        }
    }
}
