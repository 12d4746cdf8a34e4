package org.jsasl.crypt;

import java.util.Arrays;

/**
 * The NT hash as libxcrypt's {@code $3$} format ({@code nt}): {@code $3$$} and the lowercase hex of
 * MD4 over the password widened to 16 bits. libxcrypt widens each <em>byte</em> (as if the password
 * were ISO 8859-1), so for non-ASCII UTF-8 passwords this is not the Windows NT hash, and it is
 * libxcrypt's result that this class reproduces.
 */
public final class NtHash extends JavaCryptAlgorithm {

    private static final String PREFIX = "$3$";

    /** The NT hash, {@code $3$}. */
    public NtHash() {
        super("nt", PREFIX);
    }
    private static final char[] HEX = "0123456789abcdef".toCharArray();




    /** Anything after {@code $3$} in the setting is ignored, as libxcrypt does: the format has no salt. */
    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        CryptLimits.checkPassword(password);
        CryptLimits.checkSetting(setting);
        if (!handles(setting)) {
            throw new InvalidSettingException("an NT hash setting starts with $3$");
        }
        byte[] widened = new byte[password.length * 2];
        byte[] digest;
        try {
            for (int i = 0; i < password.length; i++) {
                widened[2 * i] = password[i];
            }
            digest = Md4.digest(widened);
        } finally {
            Arrays.fill(widened, (byte) 0);
        }
        StringBuilder out = new StringBuilder(PREFIX.length() + 1 + 32).append(PREFIX).append('$');
        for (byte b : digest) {
            out.append(HEX[b >>> 4 & 0xf]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "NtHash[nt]";
    }
}
