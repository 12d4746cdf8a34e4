package org.jsasl.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.jsasl.callback.PasswordVerifyCallback;
import org.jsasl.callback.ScramCredentialCallback;
import org.jsasl.pwcheck.Password;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;

/**
 * JDK mode: the application's CallbackHandler checks the password, either itself through a
 * {@link PasswordVerifyCallback}, or by handing out the stored cleartext through a
 * {@link PasswordCallback}, which is compared here in constant time. Then its
 * {@link javax.security.sasl.AuthorizeCallback} decides the authorization identity. Challenge-response
 * mechanisms get the stored SCRAM keys through a {@link ScramCredentialCallback} or the cleartext
 * through a {@link PasswordCallback}, as the JDK's own CRAM-MD5 server asks for it.
 */
public final class CallbackAuthenticator implements Authenticator {

    private static final SaslLog LOG = SaslLog.of(CallbackAuthenticator.class, SaslLog.DEFAULT_LEVEL);

    /**
     * Handler classes that refused the PasswordVerifyCallback last time. Offering it to a JDK-style
     * handler costs an UnsupportedCallbackException (a stack trace) on every login, so such
     * handlers are asked for the cleartext straight away; if one then refuses that too, the verify
     * callback is tried again and the memory corrected.
     */
    private static final ClassValue<AtomicBoolean> REFUSES_VERIFY = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    /** Handler classes that refused the ScramCredentialCallback last time; see {@link #REFUSES_VERIFY}. */
    private static final ClassValue<AtomicBoolean> REFUSES_SCRAM = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    private final CallbackHandler handler;

    /** @param handler the application's handler; required */
    public CallbackAuthenticator(CallbackHandler handler) {
        this.handler = handler;
    }

    @Override
    public AuthOutcome authenticate(String authcid, String authzid, Password password) {
        NameCallback name = new NameCallback("Username: ", authcid);
        name.setName(authcid);
        AtomicBoolean refusesVerify = REFUSES_VERIFY.get(handler.getClass());
        Boolean verified;
        try {
            verified = refusesVerify.get() ? null : verifyByHandler(name, password);
            if (verified == null) {
                refusesVerify.set(true);
                verified = compareWithStored(name, password);
                if (verified == null) {
                    refusesVerify.set(false);
                    verified = verifyByHandler(name, password);
                }
            }
            if (verified == null) {
                throw new IOException("callback handler supports neither PasswordVerifyCallback nor PasswordCallback");
            }
        } catch (IOException | RuntimeException e) {
            LOG.err("callback handler failed while checking the password of {}: {}", SaslLog.quote(authcid),
                    e.getClass().getName());
            return new AuthOutcome.Unavailable("password check failed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!verified) {
            return new AuthOutcome.Rejected("authentication failed");
        }
        return Authorization.jdkPolicy(authcid, authzid, handler, Map.of());
    }

    @Override
    public CredentialLookup credential(String authcid, CredentialKind kind) {
        NameCallback name = new NameCallback("Username: ", authcid);
        name.setName(authcid);
        try {
            if (kind.scramHash().isPresent()) {
                AtomicBoolean refuses = REFUSES_SCRAM.get(handler.getClass());
                if (!refuses.get()) {
                    ScramCredentialCallback scram = new ScramCredentialCallback(kind.scramHash().get());
                    try {
                        handler.handle(new Callback[] {name, scram});
                        return scramFound(authcid, scram.secret(), kind.scramHash().get());
                    } catch (UnsupportedCallbackException e) {
                        refuses.set(true);
                    }
                }
            }
            PasswordCallback pc = new PasswordCallback("Password: ", false);
            try {
                handler.handle(new Callback[] {name, pc});
            } catch (UnsupportedCallbackException e) {
                return new CredentialLookup.Unavailable(
                        "callback handler supports neither ScramCredentialCallback nor PasswordCallback", e);
            }
            char[] stored = pc.getPassword();
            pc.clearPassword();
            if (stored == null) {
                return new CredentialLookup.Missing(authcid, "no password for this user");
            }
            try {
                return new CredentialLookup.Found(authcid, new Credential.Cleartext(Password.ofChars(stored)), Map.of());
            } finally {
                Arrays.fill(stored, '\0');
            }
        } catch (IOException | RuntimeException e) {
            LOG.err("callback handler failed while fetching the credential of {}: {}", SaslLog.quote(authcid),
                    e.getClass().getName());
            return new CredentialLookup.Unavailable("credential lookup failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static CredentialLookup scramFound(String authcid, ScramSecret secret, ScramHash hash) {
        if (secret == null) {
            return new CredentialLookup.Missing(authcid, "no " + hash.mechanism() + " secret for this user");
        }
        // A copy: the mechanism wipes it when done, and the handler may keep its own.
        return new CredentialLookup.Found(authcid, new Credential.Scram(secret.copy()), Map.of());
    }

    @Override
    public AuthOutcome authorize(String authenticationId, String authzid, Map<String, String> properties) {
        return Authorization.jdkPolicy(authenticationId, authzid, handler, properties);
    }

    /** The handler's own verdict, or null when it does not support PasswordVerifyCallback. */
    private Boolean verifyByHandler(NameCallback name, Password password) throws IOException {
        char[] guess = password.toChars();
        if (guess == null) {
            // Not UTF-8: no text password can match it.
            return Boolean.FALSE;
        }
        PasswordVerifyCallback verify = new PasswordVerifyCallback(guess);
        Arrays.fill(guess, '\0');
        try {
            handler.handle(new Callback[] {name, verify});
            return verify.isVerified();
        } catch (UnsupportedCallbackException e) {
            return null;
        } finally {
            verify.clearPassword();
        }
    }

    /** Compares with the cleartext the handler hands out, or null when it does not support PasswordCallback. */
    private Boolean compareWithStored(NameCallback name, Password password) throws IOException {
        PasswordCallback pc = new PasswordCallback("Password: ", false);
        try {
            handler.handle(new Callback[] {name, pc});
        } catch (UnsupportedCallbackException e) {
            return null;
        }
        char[] stored = pc.getPassword();
        pc.clearPassword();
        if (stored == null) {
            return false;
        }
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(stored));
        Arrays.fill(stored, '\0');
        byte[] expected = Arrays.copyOf(bb.array(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        try {
            return MessageDigest.isEqual(expected, password.bytes());
        } finally {
            Arrays.fill(expected, (byte) 0);
        }
    }
}
