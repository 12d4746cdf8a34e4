package org.jsasl.crypt;

/**
 * Traditional DES crypt(3) ({@code descrypt}): a 2-character salt and 11 characters of hash; only
 * the first 8 password bytes count, and of each only the low 7 bits. Like libxcrypt, which has
 * bigcrypt compiled in on Debian, a setting longer than 13 characters with a password longer than
 * 8 bytes gives a bigcrypt hash instead (one 11-character segment per 8 bytes, up to 16).
 */
public final class DesCrypt implements CryptAlgorithm {

    /** A traditional hash is the 2 salt characters plus 11; a longer setting selects bigcrypt. */
    private static final int TRADITIONAL_LENGTH = 13;
    private static final int MAX_BIGCRYPT_SEGMENTS = 16;

    @Override
    public String name() {
        return "descrypt";
    }

    /** Settings whose first two characters are DES salt characters, which is how libxcrypt picks DES. */
    @Override
    public boolean handles(String setting) {
        return setting.length() >= 2 && CryptBase64.decode(setting.charAt(0)) >= 0
                && CryptBase64.decode(setting.charAt(1)) >= 0;
    }

    @Override
    public CryptPath path() {
        return CryptPath.JAVA;
    }

    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        CryptLimits.checkPassword(password);
        CryptLimits.checkSetting(setting);
        if (!handles(setting)) {
            throw new InvalidSettingException("a DES setting starts with two salt characters from ./0-9A-Za-z");
        }
        int salt = CryptBase64.decode(setting.charAt(0)) | CryptBase64.decode(setting.charAt(1)) << 6;
        boolean bigcrypt = password.length > 8 && setting.length() > TRADITIONAL_LENGTH;
        StringBuilder out = new StringBuilder(2 + 11 * MAX_BIGCRYPT_SEGMENTS);
        out.append(setting, 0, 2);
        int offset = 0;
        for (int segment = 0; segment < MAX_BIGCRYPT_SEGMENTS; segment++) {
            int start = out.length();
            Des.appendHash(out, hashBlock(password, offset, salt));
            offset += 8;
            if (!bigcrypt || offset >= password.length) {
                break;
            }
            // bigcrypt salts each segment with the first two hash characters of the one before.
            salt = CryptBase64.decode(out.charAt(start)) | CryptBase64.decode(out.charAt(start + 1)) << 6;
        }
        return out.toString();
    }

    /** DES of the zero block, 25 times, keyed by up to 8 password bytes from {@code offset}, each shifted left once. */
    private static long hashBlock(byte[] password, int offset, int salt) {
        long key = 0;
        for (int i = 0; i < 8; i++) {
            int b = offset + i < password.length ? password[offset + i] : 0;
            key = key << 8 | (b << 1 & 0xff);
        }
        int[] schedule = Des.schedule(key);
        try {
            return Des.encrypt(schedule, 0L, salt, 25);
        } finally {
            Des.clear(schedule);
        }
    }

    @Override
    public String toString() {
        return "DesCrypt[descrypt]";
    }
}
