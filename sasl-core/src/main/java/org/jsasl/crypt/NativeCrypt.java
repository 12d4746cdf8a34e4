package org.jsasl.crypt;

import java.util.List;
import java.util.Objects;

/**
 * A crypt(3) family that no Java library serves, computed by the system's libxcrypt
 * ({@link Libxcrypt}): yescrypt, gost-yescrypt, scrypt, sunmd5 and sha1crypt, plus {@link #any()},
 * which hands every setting to libxcrypt (to cross-check the Java formats, or as a last resort).
 * A family is usable only where {@link #isAvailable()} says so.
 */
public final class NativeCrypt implements CryptAlgorithm {

    private final String name;
    /** The prefix libxcrypt selects this family by; null for {@link #any()}. */
    private final String prefix;
    private final Libxcrypt library;

    NativeCrypt(String name, String prefix, Libxcrypt library) {
        this.name = Objects.requireNonNull(name, "name");
        this.prefix = prefix;
        this.library = Objects.requireNonNull(library, "library");
    }

    /** {@code $y$}, the default of current Debian, Fedora and others. */
    public static NativeCrypt yescrypt() {
        return new NativeCrypt("yescrypt", "$y$", Libxcrypt.system());
    }

    /** {@code $gy$}, yescrypt with GOST R 34.11-2012 (Streebog) around it. */
    public static NativeCrypt gostYescrypt() {
        return new NativeCrypt("gost-yescrypt", "$gy$", Libxcrypt.system());
    }

    /** {@code $7$}, scrypt in libsodium's setting format. */
    public static NativeCrypt scrypt() {
        return new NativeCrypt("scrypt", "$7$", Libxcrypt.system());
    }

    /** {@code $md5$} and {@code $md5,rounds=N$}, Solaris' SunMD5. */
    public static NativeCrypt sunmd5() {
        return new NativeCrypt("sunmd5", "$md5", Libxcrypt.system());
    }

    /** {@code $sha1$}, NetBSD's HMAC-SHA1 crypt. */
    public static NativeCrypt sha1crypt() {
        return new NativeCrypt("sha1crypt", "$sha1", Libxcrypt.system());
    }

    /** Every setting, whatever its family: whatever libxcrypt computes or refuses. */
    public static NativeCrypt any() {
        return new NativeCrypt("libxcrypt", null, Libxcrypt.system());
    }

    /** The five families above, in that order. */
    public static List<NativeCrypt> families() {
        return List.of(yescrypt(), gostYescrypt(), scrypt(), sunmd5(), sha1crypt());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean handles(String setting) {
        return prefix == null || setting.startsWith(prefix);
    }

    @Override
    public CryptPath path() {
        return CryptPath.NATIVE;
    }

    /** Whether libxcrypt is present and was built with this family. */
    public boolean isAvailable() {
        return prefix == null ? library.isAvailable() : library.supports(prefix);
    }

    /** @throws IllegalStateException when libxcrypt is not available on this machine */
    @Override
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        Objects.requireNonNull(setting, "setting");
        if (!handles(setting)) {
            throw new InvalidSettingException("not a " + name + " setting: it does not start with " + prefix);
        }
        return library.crypt(password, setting);
    }

    @Override
    public String toString() {
        return "NativeCrypt[" + name + "]";
    }
}
