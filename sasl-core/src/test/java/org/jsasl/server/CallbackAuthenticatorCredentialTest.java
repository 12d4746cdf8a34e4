package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import org.jsasl.callback.ScramCredentialCallback;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.ScramSecret;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.Test;

class CallbackAuthenticatorCredentialTest {

    private static final ScramSecret SECRET = ScramSecret.parse("{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");

    /** Hands out SCRAM keys for "user" only, and supports nothing else. */
    private static final class ScramOnlyHandler implements CallbackHandler {
        @Override
        public void handle(Callback[] callbacks) throws javax.security.auth.callback.UnsupportedCallbackException {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback nc) {
                    name = nc.getName();
                } else if (cb instanceof ScramCredentialCallback sc) {
                    if ("user".equals(name)) {
                        sc.setSecret(SECRET);
                    }
                } else {
                    throw new javax.security.auth.callback.UnsupportedCallbackException(cb);
                }
            }
        }
    }

    @Test
    void scramKeysComeFromTheScramCallbackAsACopy() {
        CallbackAuthenticator a = new CallbackAuthenticator(new ScramOnlyHandler());
        CredentialLookup r = a.credential("user", CredentialKind.SCRAM_SHA_256);
        Credential.Scram s = assertInstanceOf(Credential.Scram.class,
                assertInstanceOf(CredentialLookup.Found.class, r).credential());
        assertEquals(SECRET, s.secret());
        assertNotSame(SECRET, s.secret());
        s.close();
        assertTrue(SECRET.matches("pencil".getBytes(StandardCharsets.UTF_8)), "the handler's own secret is not wiped");
        assertInstanceOf(CredentialLookup.Missing.class, a.credential("mallory", CredentialKind.SCRAM_SHA_256));
    }

    @Test
    void aJdkStyleHandlerGivesTheCleartextThroughPasswordCallback() {
        CallbackAuthenticator a = new CallbackAuthenticator(MapCallbackHandler.of(Map.of("alice", "secret")));
        for (CredentialKind kind : CredentialKind.values()) {
            CredentialLookup r = a.credential("alice", kind);
            Credential.Cleartext c = assertInstanceOf(Credential.Cleartext.class,
                    assertInstanceOf(CredentialLookup.Found.class, r).credential());
            assertTrue(c.password().matches("secret".getBytes(StandardCharsets.UTF_8)));
            c.close();
        }
        assertInstanceOf(CredentialLookup.Missing.class, a.credential("mallory", CredentialKind.CLEARTEXT));
    }

    @Test
    void aHandlerWithNeitherCallbackOrAnIoErrorIsUnavailable() {
        CallbackAuthenticator none = new CallbackAuthenticator(callbacks -> {
            throw new javax.security.auth.callback.UnsupportedCallbackException(callbacks[0]);
        });
        assertInstanceOf(CredentialLookup.Unavailable.class, none.credential("alice", CredentialKind.CLEARTEXT));
        CallbackAuthenticator broken = new CallbackAuthenticator(callbacks -> {
            throw new IOException("directory down");
        });
        assertInstanceOf(CredentialLookup.Unavailable.class, broken.credential("alice", CredentialKind.SCRAM_SHA_1));
    }

    @Test
    void aScramCallbackRefusesASecretOfAnotherHash() {
        ScramCredentialCallback cb = new ScramCredentialCallback(org.jsasl.secret.ScramHash.SHA_1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> cb.setSecret(SECRET));
    }
}
