package org.jsasl.mech.scram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.ServerSession;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.Authenticator;
import org.jsasl.server.CredentialLookup;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.SaslLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays the example exchanges of RFC 5802 section 5 (SCRAM-SHA-1) and RFC 7677 section 3
 * (SCRAM-SHA-256), user "user" and password "pencil", byte for byte on both sides.
 */
class RfcExampleTest {

    /** One RFC example: the nonces, the server's salt, and every message. */
    enum Example {
        RFC5802(ScramHash.SHA_1, "fyko+d2lbbFgONRv9qkxdawL", "3rfcNHYJY1ZVvWVs7j", "QSXCR+Q6sek8bf92",
                "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", "rmF9pqV8S7suAoZWja4dJRkFsKQ="),
        RFC7677(ScramHash.SHA_256, "rOprNGfwEbeRWgbNEkqO", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                "W22ZaJ0SNY7soEsUEjb6gQ==", "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");

        final ScramHash hash;
        final String clientNonce;
        final String serverNonce;
        final String salt;
        final String proof;
        final String signature;

        Example(ScramHash hash, String clientNonce, String serverNonce, String salt, String proof, String signature) {
            this.hash = hash;
            this.clientNonce = clientNonce;
            this.serverNonce = serverNonce;
            this.salt = salt;
            this.proof = proof;
            this.signature = signature;
        }

        String clientFirst() {
            return "n,,n=user,r=" + clientNonce;
        }

        String serverFirst() {
            return "r=" + clientNonce + serverNonce + ",s=" + salt + ",i=4096";
        }

        String clientFinal() {
            return "c=biws,r=" + clientNonce + serverNonce + ",p=" + proof;
        }

        String serverFinal() {
            return "v=" + signature;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void clientSendsTheRfcMessages(Example ex) throws Exception {
        ClientSession session = new ClientSession(null, "imap", "example.com", callbacks -> {
            for (var cb : callbacks) {
                if (cb instanceof NameCallback n) {
                    n.setName("user");
                } else if (cb instanceof PasswordCallback p) {
                    p.setPassword("pencil".toCharArray());
                }
            }
        });
        ScramSaslClient client = new ScramSaslClient(session, ex.hash, false, ex.clientNonce);
        assertEquals(ex.clientFirst(), new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8));
        assertEquals(ex.clientFinal(), new String(client.evaluateChallenge(bytes(ex.serverFirst())),
                StandardCharsets.UTF_8));
        assertNull(client.evaluateChallenge(bytes(ex.serverFinal())));
        assertTrue(client.isComplete());
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void serverAnswersTheRfcMessagesFromStoredKeys(Example ex) throws Exception {
        ScramSecret secret = ScramSecret.derive(ex.hash, bytes("pencil"), Base64.getDecoder().decode(ex.salt), 4096);
        Authenticator keys = new Authenticator() {
            @Override
            public AuthOutcome authenticate(String authcid, String authzid, Password password) {
                throw new AssertionError("SCRAM never hands over a password");
            }

            @Override
            public CredentialLookup credential(String authcid, CredentialKind kind) {
                assertEquals(CredentialKind.scram(ex.hash), kind);
                return new CredentialLookup.Found(authcid, new Credential.Scram(secret.copy()), Map.of());
            }
        };
        ServerSession session = new ServerSession("imap", "example.com", keys, SaslLog.of(RfcExampleTest.class, 0));
        ScramSaslServer server = new ScramSaslServer(session, ex.hash, false, 4096, ex.serverNonce);
        assertEquals(ex.serverFirst(), new String(server.evaluateResponse(bytes(ex.clientFirst())),
                StandardCharsets.UTF_8));
        assertEquals(ex.serverFinal(), new String(server.evaluateResponse(bytes(ex.clientFinal())),
                StandardCharsets.UTF_8));
        assertTrue(server.isComplete());
        assertEquals("user", server.getAuthorizationID());
    }
}
