package org.jsasl.crypt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Poul-Henning Kamp's MD5-crypt ({@code $1$}) with libxcrypt 4.4.33's reading of the setting, and
 * Apache's variant {@code $apr1$}, which differs only in the magic string hashed in (libxcrypt
 * refuses apr1; jsasl reads it by the same rules as {@code $1$}).
 */
public final class Md5Crypt extends JavaCryptAlgorithm {

    /** {@code $1$}: MD5-crypt. */
    public static final Md5Crypt MD5 = new Md5Crypt("md5crypt", "$1$");

    /** {@code $apr1$}: Apache's htpasswd MD5. */
    public static final Md5Crypt APR1 = new Md5Crypt("apr1", "$apr1$");

    static final int MAX_SALT_CHARS = 8;

    /** Digest byte order of the hash text: five groups of three, then byte 11 alone. */
    private static final int[] TEXT_ORDER = {
        0, 6, 12, 1, 7, 13, 2, 8, 14, 3, 9, 15, 4, 10, 5, CryptBase64.ZERO, CryptBase64.ZERO, 11,
    };

    private final byte[] magic;

    private Md5Crypt(String name, String prefix) {
        super(name, prefix);
        this.magic = prefix.getBytes(StandardCharsets.US_ASCII);
    }




    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        CryptLimits.checkPassword(password);
        String salt = salt(setting);
        byte[] hash = hash(password, salt.getBytes(StandardCharsets.US_ASCII));
        try {
            StringBuilder out = new StringBuilder(prefix.length() + salt.length() + 1 + 22);
            out.append(prefix).append(salt).append('$');
            CryptBase64.append(out, hash, TEXT_ORDER, 2);
            return out.toString();
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /**
     * The salt as libxcrypt takes it: up to the next {@code $} or the end, at most 8 characters,
     * possibly empty. Characters other than {@code ./0-9A-Za-z} are hashed as they are, not cut at.
     */
    String salt(String setting) throws InvalidSettingException {
        CryptLimits.checkSetting(setting);
        if (!setting.startsWith(prefix)) {
            throw new InvalidSettingException("setting does not start with " + prefix);
        }
        int at = prefix.length();
        int end = setting.indexOf('$', at);
        if (end < 0) {
            end = setting.length();
        }
        return setting.substring(at, Math.min(end, at + MAX_SALT_CHARS));
    }

    /** The raw 16-byte digest after the 1000 rounds. */
    private byte[] hash(byte[] password, byte[] salt) {
        int k = password.length;
        byte[] alternate = null;
        byte[] first = null;
        try {
            first = concat(password, salt, password);
            alternate = Md5.digest(first, first.length);
            wipe(first);

            // Password, magic, salt, the alternate digest stretched to the password's length, then one
            // byte per bit of the length: a zero byte for 1, the first password byte for 0.
            first = new byte[k + magic.length + salt.length + k + 10];
            int at = 0;
            at = put(first, at, password, k);
            at = put(first, at, magic, magic.length);
            at = put(first, at, salt, salt.length);
            for (int left = k; left > 0; left -= Md5.DIGEST_BYTES) {
                at = put(first, at, alternate, Math.min(left, Md5.DIGEST_BYTES));
            }
            for (int bits = k; bits != 0; bits >>>= 1) {
                first[at++] = (bits & 1) != 0 ? 0 : password[0];
            }
            return Md5Rounds.run(password, salt, Md5.digest(first, at));
        } finally {
            wipe(alternate);
            wipe(first);
        }
    }

    private static byte[] concat(byte[] x, byte[] y, byte[] z) {
        byte[] out = new byte[x.length + y.length + z.length];
        put(out, put(out, put(out, 0, x, x.length), y, y.length), z, z.length);
        return out;
    }

    private static int put(byte[] target, int at, byte[] part, int length) {
        System.arraycopy(part, 0, target, at, length);
        return at + length;
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Md5Crypt[" + name + "]";
    }
}
