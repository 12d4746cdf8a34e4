package org.jsasl.mech.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;

/**
 * RFC 5802 section 3's arithmetic over the AuthMessage: the client's proof, the server's check of
 * it against StoredKey alone (so the server needs no password), and the ServerSignature.
 */
final class ScramProof {

    private ScramProof() {
    }

    /** AuthMessage: client-first-message-bare, server-first-message and client-final-message-without-proof. */
    static byte[] authMessage(String clientFirstBare, String serverFirst, String clientFinalWithoutProof) {
        return (clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof).getBytes(StandardCharsets.UTF_8);
    }

    /** ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage). */
    static byte[] clientProof(ScramHash hash, byte[] clientKey, byte[] storedKey, byte[] authMessage) {
        byte[] signature = ScramSecret.hmac(hash, storedKey, authMessage);
        for (int i = 0; i < signature.length; i++) {
            signature[i] ^= clientKey[i];
        }
        return signature;
    }

    /**
     * Whether {@code proof} was made by someone holding ClientKey: recovers ClientKey from it and
     * compares its hash with StoredKey in constant time.
     */
    static boolean verify(ScramSecret secret, byte[] authMessage, byte[] proof) {
        ScramHash hash = secret.hash();
        if (proof.length != hash.length()) {
            return false;
        }
        byte[] storedKey = secret.storedKey();
        byte[] clientKey = ScramSecret.hmac(hash, storedKey, authMessage);
        try {
            for (int i = 0; i < clientKey.length; i++) {
                clientKey[i] ^= proof[i];
            }
            byte[] candidate = hash.newDigest().digest(clientKey);
            return MessageDigest.isEqual(candidate, storedKey);
        } finally {
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(storedKey, (byte) 0);
        }
    }

    /** ServerSignature = HMAC(ServerKey, AuthMessage). */
    static byte[] serverSignature(ScramHash hash, byte[] serverKey, byte[] authMessage) {
        return ScramSecret.hmac(hash, serverKey, authMessage);
    }
}
