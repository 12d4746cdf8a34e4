package org.jsasl.crypt;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import org.jsasl.secret.SaslPrep;
import org.jsasl.secret.SaslPrepException;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;

/**
 * Makes new crypt(3) hashes for administrators ({@code bin/jsasl hash}): a fresh random salt in
 * the format's own alphabet, optional rounds (or cost), then the same computation that verifies.
 * Every hash it makes is one libxcrypt verifies.
 */
public final class PasswordHasher {

    /** The formats new hashes can be made in. */
    public enum Format {
        /** SHA-512-crypt ({@code $6$}), the default. */
        SHA512,
        /** SHA-256-crypt ({@code $5$}). */
        SHA256,
        /** MD5-crypt ({@code $1$}); weak, for old systems only. */
        MD5,
        /** bcrypt ({@code $2b$}); rounds is the cost, 4-31, default 10. */
        BCRYPT,
        /** yescrypt ({@code $y$}), through the system's libxcrypt; rounds is its cost, 1-11, default 5. */
        YESCRYPT,
        /** Traditional DES; weak, 8 password bytes, for old systems only. */
        DES,
        /** A SCRAM-SHA-1 secret in Dovecot's {@code {SCRAM-SHA-1}} form; rounds is the iteration count. */
        SCRAM_SHA_1,
        /** A SCRAM-SHA-256 secret in Dovecot's {@code {SCRAM-SHA-256}} form, as {@code doveadm pw} makes it. */
        SCRAM_SHA_256,
        /** A SCRAM-SHA-512 secret in Dovecot's form. */
        SCRAM_SHA_512;

        /** Parses a name such as {@code sha512} or {@code scram-sha-256} (any case). */
        public static Format parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown hash format '" + name
                        + "'; use sha512, sha256, md5, bcrypt, yescrypt, des, scram-sha-1, scram-sha-256 or scram-sha-512", e);
            }
        }

        /** The SCRAM hash of a SCRAM format, or null for a crypt(3) one. */
        ScramHash scramHash() {
            switch (this) {
                case SCRAM_SHA_1: return ScramHash.SHA_1;
                case SCRAM_SHA_256: return ScramHash.SHA_256;
                case SCRAM_SHA_512: return ScramHash.SHA_512;
                default: return null;
            }
        }
    }

    /** The iteration count of a SCRAM secret when none is asked for: RFC 7677's minimum, Dovecot's default. */
    public static final int DEFAULT_SCRAM_ITERATIONS = 4096;

    /** The crypt(3) salt alphabet. */
    static final String CRYPT64 = CryptBase64.ALPHABET;

    private final SecureRandom random;

    /** A hasher drawing salts from a new SecureRandom. */
    public PasswordHasher() {
        this(new SecureRandom());
    }

    /** A hasher drawing salts from {@code random} (tests pass a seeded one). */
    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    /**
     * Hashes {@code password} in {@code format}.
     *
     * @param rounds SHA rounds (1000-999999999), bcrypt cost (4-31), yescrypt cost (1-11), or 0 for the default
     * @throws IllegalArgumentException for rounds the format does not take
     * @throws InvalidSettingException when the format cannot be computed here (yescrypt without libxcrypt)
     */
    public String hash(Format format, byte[] password, int rounds) throws InvalidSettingException {
        if (format.scramHash() != null) {
            return scram(format.scramHash(), password, rounds);
        }
        String setting = setting(format, rounds);
        CryptAlgorithm algorithm = CryptAlgorithms.forSetting(setting)
                .orElseThrow(() -> new InvalidSettingException(format.name().toLowerCase(Locale.ROOT)
                        + " is not available on this machine"));
        return algorithm.crypt(password, setting);
    }

    /**
     * A SCRAM secret of the SASLprep'd password with a fresh 16-byte salt, in Dovecot's form
     * ({@code {SCRAM-SHA-256}iter,salt,StoredKey,ServerKey}), which jsasl, Dovecot and
     * {@code gsasl --mkpasswd} share.
     */
    private String scram(ScramHash hash, byte[] password, int rounds) {
        int iterations = rounds == 0 ? DEFAULT_SCRAM_ITERATIONS : rounds;
        if (iterations < DEFAULT_SCRAM_ITERATIONS || iterations > ScramSecret.MAX_ITERATIONS) {
            // Fewer than 4096 and RFC 7677 clients (jsasl's too) refuse the exchange.
            throw new IllegalArgumentException("SCRAM iterations must be " + DEFAULT_SCRAM_ITERATIONS + " to "
                    + ScramSecret.MAX_ITERATIONS);
        }
        byte[] prepared;
        try {
            prepared = SaslPrep.preparePassword(password);
        } catch (SaslPrepException e) {
            throw new IllegalArgumentException("the password is not valid for SCRAM: " + e.getMessage(), e);
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        ScramSecret secret = ScramSecret.derive(hash, prepared, salt, iterations);
        try {
            return secret.dovecotForm();
        } finally {
            Arrays.fill(prepared, (byte) 0);
            secret.wipe();
        }
    }

    /** A fresh setting (salt string) for {@code format}. */
    String setting(Format format, int rounds) throws InvalidSettingException {
        switch (format) {
            case SHA512:
            case SHA256: {
                String prefix = format == Format.SHA512 ? "$6$" : "$5$";
                if (rounds != 0 && (rounds < 1000 || rounds > 999_999_999)) {
                    throw new IllegalArgumentException("SHA-crypt rounds must be 1000 to 999999999");
                }
                return prefix + (rounds == 0 ? "" : "rounds=" + rounds + "$") + salt(CRYPT64, 16) + "$";
            }
            case MD5:
                noRounds(format, rounds);
                return "$1$" + salt(CRYPT64, 8) + "$";
            case DES:
                noRounds(format, rounds);
                return salt(CRYPT64, 2);
            case BCRYPT: {
                int cost = rounds == 0 ? 10 : rounds;
                if (cost < 4 || cost > 31) {
                    throw new IllegalArgumentException("bcrypt cost must be 4 to 31");
                }
                byte[] raw = new byte[16];
                random.nextBytes(raw);
                return String.format("$2b$%02d$", cost) + bcryptBase64(raw);
            }
            case YESCRYPT: {
                int cost = rounds == 0 ? 5 : rounds;
                if (cost < 1 || cost > 11) {
                    throw new IllegalArgumentException("yescrypt cost must be 1 to 11");
                }
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                return NativeSettings.yescrypt(cost, raw);
            }
            default:
                throw new IllegalArgumentException(format.name());
        }
    }

    private static void noRounds(Format format, int rounds) {
        if (rounds != 0) {
            throw new IllegalArgumentException(format.name().toLowerCase(Locale.ROOT) + " takes no rounds");
        }
    }

    private String salt(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** 16 bytes in bcrypt's base64: 22 characters, the last carrying 2 bits, as libxcrypt writes them. */
    static String bcryptBase64(byte[] raw) {
        StringBuilder sb = new StringBuilder(22);
        BcryptBase64.encode(raw, raw.length, sb);
        return sb.toString();
    }
}
