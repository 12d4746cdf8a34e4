package org.jsasl.crypt;

/**
 * bcrypt ({@code $2a$}, {@code $2b$}, {@code $2x$}, {@code $2y$}) in pure Java, giving the same
 * result as libxcrypt 4.4.33 on every variant, including crypt_blowfish's {@code $2x$} bug and
 * {@code $2a$} countermeasure, and refusing the settings libxcrypt refuses.
 */
public final class Bcrypt implements CryptAlgorithm {

    /** The lowest cost libxcrypt accepts. */
    static final int MIN_COST = 4;
    /** The highest cost libxcrypt accepts. */
    static final int MAX_COST = 31;

    // libxcrypt refuses a passphrase of 512 bytes or more before looking at the setting.
    private static final int MAX_PASSPHRASE = 511;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 23;
    private static final int SALT_AT = "$2b$05$".length();
    private static final int SALT_CHARS = BcryptBase64.encodedLength(SALT_BYTES);
    /** Length of a complete bcrypt hash: prefix, cost, 22 salt and 31 hash characters. */
    static final int HASH_LENGTH = SALT_AT + SALT_CHARS + BcryptBase64.encodedLength(HASH_BYTES);

    /** Creates the (stateless) algorithm. */
    public Bcrypt() {
    }

    @Override
    public String name() {
        return "bcrypt";
    }

    @Override
    public boolean handles(String setting) {
        return setting != null && setting.length() >= 4 && setting.startsWith("$2") && setting.charAt(3) == '$'
                && BcryptVariant.forLetter(setting.charAt(2)) != null;
    }

    @Override
    public CryptPath path() {
        return CryptPath.JAVA;
    }

    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        int length = cLength(password);
        if (length > MAX_PASSPHRASE) {
            throw new InvalidSettingException("passphrase longer than " + MAX_PASSPHRASE + " bytes");
        }
        String s = cString(setting);
        checkCharacters(s);
        if (s.length() < SALT_AT || s.charAt(0) != '$' || s.charAt(1) != '2' || s.charAt(3) != '$'
                || s.charAt(6) != '$') {
            throw new InvalidSettingException("not a bcrypt setting");
        }
        BcryptVariant variant = BcryptVariant.forLetter(s.charAt(2));
        if (variant == null) {
            throw new InvalidSettingException("unknown bcrypt variant");
        }
        int cost = cost(s.charAt(4), s.charAt(5));
        byte[] salt = new byte[SALT_BYTES];
        if (!BcryptBase64.decode(s, SALT_AT, salt)) {
            throw new InvalidSettingException("bcrypt salt is not 22 characters of ./A-Za-z0-9");
        }

        BcryptKey key = BcryptKey.derive(password, length, variant);
        byte[] hash;
        try {
            hash = EksBlowfish.hash(key, saltWords(salt), cost);
        } finally {
            key.clear();
        }

        StringBuilder out = new StringBuilder(HASH_LENGTH);
        out.append("$2").append(variant.letter()).append('$');
        out.append((char) ('0' + cost / 10)).append((char) ('0' + cost % 10)).append('$');
        // The salt is written back re-encoded, so unused low bits of its last character come out as
        // zeros, as libxcrypt does.
        BcryptBase64.encode(salt, SALT_BYTES, out);
        BcryptBase64.encode(hash, HASH_BYTES, out);
        return out.toString();
    }

    /** The password's length as C's strlen sees it: up to its first NUL. */
    private static int cLength(byte[] password) {
        for (int i = 0; i < password.length; i++) {
            if (password[i] == 0) {
                return i;
            }
        }
        return password.length;
    }

    /** The setting as C sees it: up to its first NUL. */
    private static String cString(String setting) throws InvalidSettingException {
        if (setting == null) {
            throw new InvalidSettingException("no setting");
        }
        int nul = setting.indexOf('\0');
        return nul < 0 ? setting : setting.substring(0, nul);
    }

    /**
     * libxcrypt's check of every setting, whatever its format: no control characters, spaces,
     * non-ASCII or any of {@code ! * : ; \}.
     */
    private static void checkCharacters(String s) throws InvalidSettingException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '!' || c == '*' || c == ':' || c == ';' || c == '\\') {
                throw new InvalidSettingException("setting contains a character crypt(3) refuses");
            }
        }
    }

    /** Two decimal digits, 04 to 31. */
    private static int cost(char tens, char units) throws InvalidSettingException {
        if (tens < '0' || tens > '9' || units < '0' || units > '9') {
            throw new InvalidSettingException("bcrypt cost is not two digits");
        }
        int cost = (tens - '0') * 10 + (units - '0');
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new InvalidSettingException("bcrypt cost outside " + MIN_COST + " to " + MAX_COST);
        }
        return cost;
    }

    private static int[] saltWords(byte[] salt) {
        int[] words = new int[SALT_BYTES / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = (salt[4 * i] & 0xff) << 24 | (salt[4 * i + 1] & 0xff) << 16 | (salt[4 * i + 2] & 0xff) << 8
                    | (salt[4 * i + 3] & 0xff);
        }
        return words;
    }
}
