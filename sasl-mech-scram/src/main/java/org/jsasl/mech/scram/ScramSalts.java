package org.jsasl.mech.scram;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;

/**
 * The salt a server uses when it has no stored SCRAM keys: for a cleartext password, and for a user
 * who does not exist. Both are HMAC(process key, hash and name), so a name gets the same salt on
 * every attempt, known or not, and the answers do not tell which names exist. The key is random per
 * JVM, so salts of cleartext users change on restart (clients that cache SaltedPassword recompute it).
 */
final class ScramSalts {

    /** Bytes in a derived salt, as Cyrus and Dovecot generate. */
    static final int LENGTH = 16;

    private static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    private ScramSalts() {
    }

    /** The salt of {@code authenticationId} under {@code hash}. */
    static byte[] salt(ScramHash hash, String authenticationId) {
        byte[] input = (hash.mechanism() + '\0' + authenticationId).getBytes(StandardCharsets.UTF_8);
        byte[] mac = ScramSecret.hmac(ScramHash.SHA_256, KEY, input);
        try {
            return Arrays.copyOf(mac, LENGTH);
        } finally {
            Arrays.fill(mac, (byte) 0);
        }
    }
}
