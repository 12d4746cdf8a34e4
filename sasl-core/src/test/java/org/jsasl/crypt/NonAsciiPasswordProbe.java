package org.jsasl.crypt;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM by {@link NonAsciiPasswordUnderAsciiLocaleTest}: hashes the UTF-8 bytes of
 * "pässwörd" with each setting given as an argument, through libxcrypt and the Java formats, and
 * prints the JVM's encodings and the results, one per line, in ASCII.
 */
public final class NonAsciiPasswordProbe {

    private NonAsciiPasswordProbe() {
    }

    public static void main(String[] settings) {
        // Escapes, not literal characters, so that neither the source nor the JVM's encoding matters.
        byte[] password = "p\u00e4ssw\u00f6rd".getBytes(StandardCharsets.UTF_8);
        System.out.println("native.encoding=" + System.getProperty("native.encoding"));
        System.out.println("file.encoding=" + System.getProperty("file.encoding"));
        System.out.println("defaultCharset=" + Charset.defaultCharset().name());
        System.out.println("available=" + Libxcrypt.system().isAvailable());
        CryptAlgorithm[] javaFormats = {new DesCrypt(), new BsdiCrypt(), new NtHash()};
        for (String setting : settings) {
            System.out.println("libxcrypt\t" + setting + "\t" + hash(NativeCrypt.any(), password, setting));
            for (CryptAlgorithm java : javaFormats) {
                if (java.handles(setting)) {
                    System.out.println("java\t" + setting + "\t" + hash(java, password, setting));
                }
            }
        }
    }

    private static String hash(CryptAlgorithm algorithm, byte[] password, String setting) {
        try {
            return algorithm.crypt(password, setting);
        } catch (InvalidSettingException | RuntimeException e) {
            return "ERROR " + e.getClass().getSimpleName();
        }
    }
}
