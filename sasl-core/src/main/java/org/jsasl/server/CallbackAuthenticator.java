package org.jsasl.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.jsasl.callback.PasswordVerifyCallback;
import org.jsasl.pwcheck.Password;

/**
 * JDK mode: the application's CallbackHandler checks the password, either itself through a
 * {@link PasswordVerifyCallback}, or by handing out the stored cleartext through a
 * {@link PasswordCallback}, which is compared here in constant time. Then its
 * {@link javax.security.sasl.AuthorizeCallback} decides the authorization identity.
 */
public final class CallbackAuthenticator implements Authenticator {

    private final CallbackHandler handler;
    private final SaslLog log;

    /** @param handler the application's handler; required */
    public CallbackAuthenticator(CallbackHandler handler) {
        this.handler = handler;
        this.log = SaslLog.of(CallbackAuthenticator.class, SaslLog.DEFAULT_LEVEL);
    }

    @Override
    public AuthOutcome authenticate(String authcid, String authzid, Password password) {
        char[] guess = password.toChars();
        if (guess == null) {
            return new AuthOutcome.Rejected("authentication failed");
        }
        NameCallback name = new NameCallback("Username: ", authcid);
        name.setName(authcid);
        PasswordVerifyCallback verify = new PasswordVerifyCallback(guess);
        Arrays.fill(guess, '\0');
        boolean verified;
        try {
            verified = verifyByHandler(name, verify, password);
        } catch (IOException | RuntimeException e) {
            log.err("callback handler failed while checking the password of {}: {}", SaslLog.quote(authcid),
                    e.getClass().getName());
            return new AuthOutcome.Unavailable("password check failed (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            verify.clearPassword();
        }
        if (!verified) {
            return new AuthOutcome.Rejected("authentication failed");
        }
        return Authorization.jdkPolicy(authcid, authzid, handler, Map.of());
    }

    private boolean verifyByHandler(NameCallback name, PasswordVerifyCallback verify, Password password)
            throws IOException {
        try {
            handler.handle(new Callback[] {name, verify});
            return verify.isVerified();
        } catch (UnsupportedCallbackException e) {
            // The handler is a JDK-style one: ask for the stored cleartext instead.
        }
        PasswordCallback pc = new PasswordCallback("Password: ", false);
        try {
            handler.handle(new Callback[] {name, pc});
        } catch (UnsupportedCallbackException e) {
            throw new IOException("callback handler supports neither PasswordVerifyCallback nor PasswordCallback", e);
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
