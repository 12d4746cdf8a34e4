package org.jsasl.crypt;

/** New settings for formats whose parameter encoding only libxcrypt writes (yescrypt). */
final class NativeSettings {

    private NativeSettings() {
    }

    /** A yescrypt setting of cost 1-11 from 32 random bytes, made by libxcrypt's {@code crypt_gensalt_rn}. */
    static String yescrypt(int cost, byte[] random) throws InvalidSettingException {
        Libxcrypt lib = Libxcrypt.system();
        if (!lib.isAvailable()) {
            throw new InvalidSettingException("yescrypt needs the system's libxcrypt, which is not available here");
        }
        return lib.gensalt("$y$", cost, random);
    }
}
