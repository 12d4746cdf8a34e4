package org.jsasl.crypt;

/**
 * BSDi extended DES crypt(3) ({@code bsdicrypt}): {@code _}, 4 characters of iteration count and
 * 4 of salt (each little-endian base 64), then 11 of hash. Every password byte counts: passwords
 * longer than 8 bytes are folded into one DES key by encrypting each 8-byte chunk.
 */
public final class BsdiCrypt extends JavaCryptAlgorithm {

    /** {@code _}, 4 count characters and 4 salt characters; anything after them is ignored. */
    private static final int SETTING_LENGTH = 9;

    /** BSDi extended DES, {@code _}. */
    public BsdiCrypt() {
        super("bsdicrypt", "_");
    }

    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        CryptLimits.checkPassword(password);
        CryptLimits.checkSetting(setting);
        if (!handles(setting) || setting.length() < SETTING_LENGTH) {
            throw new InvalidSettingException("a BSDi setting is '_' and 8 characters of count and salt");
        }
        int count = decode24(setting, 1);
        int salt = decode24(setting, 5);
        if (count < 0 || salt < 0) {
            throw new InvalidSettingException("BSDi count and salt are characters from ./0-9A-Za-z");
        }
        int[] schedule = foldedKeySchedule(password);
        long hash;
        try {
            hash = Des.encrypt(schedule, 0L, salt, count);
        } finally {
            Des.clear(schedule);
        }
        StringBuilder out = new StringBuilder(SETTING_LENGTH + 11);
        out.append(setting, 0, SETTING_LENGTH);
        Des.appendHash(out, hash);
        return out.toString();
    }

    /**
     * The key schedule for the whole password: each 8-byte chunk (shifted left once, zero-padded) is
     * XORed into the running key; while more chunks follow, the key is replaced by itself encrypted
     * under itself (plain DES, salt 0), chaining the chunks like a Merkle-Damgard hash.
     */
    private static int[] foldedKeySchedule(byte[] password) {
        long chained = 0;
        int offset = 0;
        while (true) {
            long key = chained;
            for (int i = 0; i < 8; i++) {
                int b = offset + i < password.length ? password[offset + i] : 0;
                key ^= (long) (b << 1 & 0xff) << (56 - 8 * i);
            }
            offset += 8;
            int[] schedule = Des.schedule(key);
            if (offset >= password.length) {
                return schedule;
            }
            chained = Des.encrypt(schedule, key, 0, 1);
            Des.clear(schedule);
        }
    }

    /** Four base-64 characters from {@code start}, least significant first; -1 if one is not in the alphabet. */
    private static int decode24(String setting, int start) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int v = CryptBase64.decode(setting.charAt(start + i));
            if (v < 0) {
                return -1;
            }
            value |= v << (6 * i);
        }
        return value;
    }

    @Override
    public String toString() {
        return "BsdiCrypt[bsdicrypt]";
    }
}
