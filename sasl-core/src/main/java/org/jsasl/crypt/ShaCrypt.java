package org.jsasl.crypt;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256-crypt ({@code $5$}) and SHA-512-crypt ({@code $6$}) after Ulrich Drepper's specification
 * "Unix crypt using SHA-256 and SHA-512", reading settings exactly as libxcrypt 4.4.33 does. The
 * digests come from {@link MessageDigest}, so the JDK's SHA intrinsics do the compression.
 */
public final class ShaCrypt extends JavaCryptAlgorithm {

    /** {@code $5$}: SHA-256-crypt. */
    public static final ShaCrypt SHA256 = new ShaCrypt("sha256crypt", "$5$", "SHA-256", new int[] {
        0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14,
        15, 25, 5, 6, 16, 26, 27, 7, 17, 18, 28, 8, 9, 19, 29,
        CryptBase64.ZERO, 31, 30,
    }, 3);

    /** {@code $6$}: SHA-512-crypt. */
    public static final ShaCrypt SHA512 = new ShaCrypt("sha512crypt", "$6$", "SHA-512", new int[] {
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48,
        28, 49, 7, 50, 8, 29, 9, 30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13,
        56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41,
        CryptBase64.ZERO, CryptBase64.ZERO, 63,
    }, 2);

    private final String digestAlgorithm;
    private final int digestBytes;
    private final int[] textOrder;
    private final int lastGroupChars;

    private ShaCrypt(String name, String prefix, String digestAlgorithm, int[] textOrder, int lastGroupChars) {
        super(name, prefix);
        this.digestAlgorithm = digestAlgorithm;
        this.digestBytes = newDigest().getDigestLength();
        this.textOrder = textOrder;
        this.lastGroupChars = lastGroupChars;
    }




    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        CryptLimits.checkPassword(password);
        ShaCryptSetting parsed = parse(setting);
        byte[] salt = parsed.salt().getBytes(StandardCharsets.US_ASCII);
        byte[] hash = hash(password, salt, parsed.rounds());
        try {
            StringBuilder out = new StringBuilder(prefix.length() + 20 + salt.length + 1 + 86);
            out.append(prefix);
            if (parsed.explicitRounds()) {
                out.append("rounds=").append(parsed.rounds()).append('$');
            }
            out.append(parsed.salt()).append('$');
            CryptBase64.append(out, hash, textOrder, lastGroupChars);
            return out.toString();
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /** Reads a setting of this format without hashing anything. */
    ShaCryptSetting parse(String setting) throws InvalidSettingException {
        return ShaCryptSetting.parse(prefix, setting);
    }

    /** The raw digest after {@code rounds} rounds (Drepper's steps 1 to 21). */
    private byte[] hash(byte[] password, byte[] salt, int rounds) {
        MessageDigest md = newDigest();
        int n = digestBytes;
        byte[] b = null;
        byte[] a = null;
        byte[] p = null;
        RoundInputs inputs = null;
        try {
            md.update(password);
            md.update(salt);
            md.update(password);
            b = md.digest();

            md.update(password);
            md.update(salt);
            for (int left = password.length; left > 0; left -= n) {
                md.update(b, 0, Math.min(left, n));
            }
            // The bits of the password length, lowest first, pick B or the password.
            for (int bits = password.length; bits != 0; bits >>>= 1) {
                md.update((bits & 1) != 0 ? b : password);
            }
            a = md.digest();

            for (int i = 0; i < password.length; i++) {
                md.update(password);
            }
            p = repeat(md.digest(), password.length);

            int saltRepeats = 16 + (a[0] & 0xff);
            for (int i = 0; i < saltRepeats; i++) {
                md.update(salt);
            }
            byte[] s = Arrays.copyOf(md.digest(), salt.length);

            inputs = new RoundInputs(p, s, n);
            return runRounds(md, inputs, a, rounds);
        } finally {
            wipe(b);
            wipe(a);
            wipe(p);
            if (inputs != null) {
                inputs.clear();
            }
            md.reset();
        }
    }

    /** Steps 21a-f: each round hashes one prepared buffer and digests into the next one's C slot. */
    private byte[] runRounds(MessageDigest md, RoundInputs in, byte[] a, int rounds) {
        int n = digestBytes;
        byte[] result = new byte[n];
        int cycle = 0;
        int layout = RoundInputs.layoutAt(cycle);
        System.arraycopy(a, 0, in.buffer(layout), in.digestOffset(layout), n);
        try {
            for (int i = 0; i < rounds; i++) {
                md.update(in.buffer(layout), 0, in.length(layout));
                cycle = RoundInputs.nextCycleIndex(cycle);
                int next = RoundInputs.layoutAt(cycle);
                if (i + 1 < rounds) {
                    md.digest(in.buffer(next), in.digestOffset(next), n);
                } else {
                    md.digest(result, 0, n);
                }
                layout = next;
            }
        } catch (DigestException e) {
            // Every target has room for a whole digest.
            throw new IllegalStateException(e);
        }
        return result;
    }

    /** {@code length} bytes of {@code digest} repeated (Drepper's P and S sequences); wipes {@code digest}. */
    private static byte[] repeat(byte[] digest, int length) {
        byte[] out = new byte[length];
        for (int at = 0; at < length; at += digest.length) {
            System.arraycopy(digest, 0, out, at, Math.min(digest.length, length - at));
        }
        wipe(digest);
        return out;
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(digestAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 and SHA-512.
            throw new IllegalStateException(digestAlgorithm + " is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ShaCrypt[" + name + "]";
    }
}
