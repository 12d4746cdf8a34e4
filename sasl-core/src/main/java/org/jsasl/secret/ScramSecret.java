package org.jsasl.secret;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's SCRAM secret as a server stores it (RFC 5802 section 3): the hash, the iteration count,
 * the salt, StoredKey and ServerKey. It is read from and written as the two forms mail databases
 * hold: Dovecot's {@code {SCRAM-SHA-256}iter,salt,StoredKey,ServerKey} (what {@code doveadm pw} and
 * {@code gsasl --mkpasswd} print) and RFC 5803's {@code SCRAM-SHA-256$iter:salt$StoredKey:ServerKey}
 * (Cyrus' {@code authPassword}, PostgreSQL's {@code rolpassword}), all fields base64. The keys never
 * reach {@link #toString()}.
 *
 * @param hash the SCRAM hash
 * @param iterations the PBKDF2 iteration count ({@code i=})
 * @param salt the salt, not empty
 * @param storedKey H(ClientKey)
 * @param serverKey HMAC(SaltedPassword, "Server Key")
 */
public record ScramSecret(ScramHash hash, int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    /** The largest iteration count accepted anywhere: about ten seconds of work, so a value cannot stall a thread for longer. */
    public static final int MAX_ITERATIONS = 10_000_000;

    /** The longest salt accepted, in bytes. */
    public static final int MAX_SALT = 256;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    public ScramSecret {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count out of range 1.." + MAX_ITERATIONS);
        }
        if (salt.length == 0 || salt.length > MAX_SALT) {
            throw new IllegalArgumentException("salt length out of range 1.." + MAX_SALT);
        }
        if (storedKey.length != hash.length() || serverKey.length != hash.length()) {
            throw new IllegalArgumentException("keys must be " + hash.length() + " bytes for " + hash.mechanism());
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Reads a stored value in Dovecot's or RFC 5803's form.
     *
     * @throws IllegalArgumentException when it is neither, naming what is wrong (never the keys)
     */
    public static ScramSecret parse(String stored) {
        String s = stored.trim();
        if (s.startsWith("{")) {
            int close = s.indexOf('}');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated {SCHEME}");
            }
            ScramHash hash = hashNamed(s.substring(1, close));
            String[] f = s.substring(close + 1).split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("{" + hash.mechanism() + "} needs iter,salt,StoredKey,ServerKey");
            }
            return of(hash, f[0], f[1], f[2], f[3]);
        }
        int dollar = s.indexOf('$');
        if (dollar < 0) {
            throw new IllegalArgumentException("not a SCRAM secret");
        }
        ScramHash hash = hashNamed(s.substring(0, dollar));
        String[] parts = s.substring(dollar + 1).split("\\$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(hash.mechanism() + "$ needs iter:salt$StoredKey:ServerKey");
        }
        String[] a = parts[0].split(":", -1);
        String[] b = parts[1].split(":", -1);
        if (a.length != 2 || b.length != 2) {
            throw new IllegalArgumentException(hash.mechanism() + "$ needs iter:salt$StoredKey:ServerKey");
        }
        return of(hash, a[0], a[1], b[0], b[1]);
    }

    /** Whether {@code stored} claims to be a SCRAM secret of either form (it may still be malformed). */
    public static boolean looksLikeScram(String stored) {
        String s = stored.stripLeading().toUpperCase(Locale.ROOT);
        return s.startsWith("{SCRAM-") || s.startsWith("SCRAM-");
    }

    private static ScramHash hashNamed(String name) {
        return ScramHash.ofMechanism(name).filter(h -> !name.toUpperCase(Locale.ROOT).endsWith("-PLUS"))
                .orElseThrow(() -> new IllegalArgumentException("unknown SCRAM hash '" + printable(name) + "'"));
    }

    private static ScramSecret of(ScramHash hash, String iter, String salt, String stored, String server) {
        int i;
        try {
            i = Integer.parseInt(iter.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iteration count is not a number");
        }
        Base64.Decoder d = Base64.getDecoder();
        try {
            return new ScramSecret(hash, i, d.decode(salt.trim()), d.decode(stored.trim()), d.decode(server.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(hash.mechanism() + " secret: " + e.getMessage());
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * Derives the secret from a password already prepared with {@link SaslPrep}.
     *
     * @param password the prepared password's UTF-8 bytes, not empty; not kept
     */
    public static ScramSecret derive(ScramHash hash, byte[] password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(hash, password, salt, iterations);
        try {
            return fromSaltedPassword(hash, salted, salt, iterations);
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /** The secret for a SaltedPassword (which the caller keeps and clears). */
    public static ScramSecret fromSaltedPassword(ScramHash hash, byte[] saltedPassword, byte[] salt, int iterations) {
        byte[] clientKey = clientKey(hash, saltedPassword);
        byte[] storedKey = hash.newDigest().digest(clientKey);
        byte[] serverKey = hmac(hash, saltedPassword, SERVER_KEY);
        try {
            return new ScramSecret(hash, iterations, salt, storedKey, serverKey);
        } finally {
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(storedKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
        }
    }

    /** HMAC(SaltedPassword, "Client Key"). */
    public static byte[] clientKey(ScramHash hash, byte[] saltedPassword) {
        return hmac(hash, saltedPassword, CLIENT_KEY);
    }

    /** Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC of {@code hash}, one block. */
    public static byte[] saltedPassword(ScramHash hash, byte[] password, byte[] salt, int iterations) {
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count out of range 1.." + MAX_ITERATIONS);
        }
        byte[] fast = Pbkdf2.hi(hash, password, salt, iterations);
        if (fast != null) {
            return fast;
        }
        Mac mac = init(hash, password);
        int n = hash.length();
        byte[] u = new byte[n];
        byte[] result = new byte[n];
        try {
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            mac.doFinal(u, 0);
            System.arraycopy(u, 0, result, 0, n);
            for (int k = 1; k < iterations; k++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < n; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(u, (byte) 0);
        }
    }

    /** HMAC(key, data) with the hash's Mac. */
    public static byte[] hmac(ScramHash hash, byte[] key, byte[] data) {
        Mac mac = init(hash, key);
        return mac.doFinal(data);
    }

    private static Mac init(ScramHash hash, byte[] key) {
        Mac mac = hash.newMac();
        try {
            mac.init(new SecretKeySpec(key, hash.hmacAlgorithm()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac;
    }

    /**
     * Whether a password (prepared with {@link SaslPrep}) gives this secret: how PLAIN and LOGIN check a
     * user who has only SCRAM keys stored, as Dovecot does. Both keys are compared in constant time.
     */
    public boolean matches(byte[] preparedPassword) {
        if (preparedPassword.length == 0) {
            return false;
        }
        ScramSecret candidate = derive(hash, preparedPassword, salt, iterations);
        try {
            // & not &&: both comparisons always run.
            return MessageDigest.isEqual(candidate.storedKey, storedKey)
                    & MessageDigest.isEqual(candidate.serverKey, serverKey);
        } finally {
            candidate.wipe();
        }
    }

    /** Dovecot's form: {@code {SCRAM-SHA-256}iter,salt,StoredKey,ServerKey}. */
    public String dovecotForm() {
        Base64.Encoder e = Base64.getEncoder();
        return "{" + hash.mechanism() + "}" + iterations + "," + e.encodeToString(salt) + ","
                + e.encodeToString(storedKey) + "," + e.encodeToString(serverKey);
    }

    /** RFC 5803's form: {@code SCRAM-SHA-256$iter:salt$StoredKey:ServerKey}. */
    public String authPasswordForm() {
        Base64.Encoder e = Base64.getEncoder();
        return hash.mechanism() + "$" + iterations + ":" + e.encodeToString(salt) + "$"
                + e.encodeToString(storedKey) + ":" + e.encodeToString(serverKey);
    }

    /** An independent copy (its own arrays), to hand to a mechanism that wipes it. */
    public ScramSecret copy() {
        return new ScramSecret(hash, iterations, salt, storedKey, serverKey);
    }

    /** Overwrites the keys (the salt is public). The secret must not be used afterwards. */
    public void wipe() {
        Arrays.fill(storedKey, (byte) 0);
        Arrays.fill(serverKey, (byte) 0);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramSecret s && s.hash == hash && s.iterations == iterations
                && Arrays.equals(s.salt, salt) && MessageDigest.isEqual(s.storedKey, storedKey)
                && MessageDigest.isEqual(s.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return hash.hashCode() * 31 + iterations;
    }

    @Override
    public String toString() {
        return "ScramSecret[" + hash.mechanism() + ", i=" + iterations + ", keys redacted]";
    }
}
