package org.jsasl.crypt;

import java.util.Optional;

/**
 * The crypt(3) formats jsasl knows, each with its prefix and a sample setting, so that tools can
 * show which path (Java, native libxcrypt, or none) serves each one on this machine.
 */
public enum CryptFormat {
    /** Traditional DES: 2 salt characters and 11 of hash, 8 password bytes. */
    DES("descrypt", "", "ab"),
    /** BSDi extended DES: {@code _}, 4 count and 4 salt characters. */
    BSDI("bsdicrypt", "_", "_J9..salt"),
    /** MD5-crypt. */
    MD5("md5crypt", "$1$", "$1$saltsalt$"),
    /** Apache's MD5-crypt variant ({@code htpasswd -m}); libxcrypt does not have it. */
    APR1("apr1", "$apr1$", "$apr1$saltsalt$"),
    /** SHA-256-crypt, with optional {@code rounds=}. */
    SHA256("sha256crypt", "$5$", "$5$saltsalt$"),
    /** SHA-512-crypt, with optional {@code rounds=}. */
    SHA512("sha512crypt", "$6$", "$6$saltsalt$"),
    /** bcrypt, OpenBSD's {@code $2b$}. */
    BCRYPT_2B("bcrypt", "$2b$", "$2b$04$abcdefghijklmnopqrstuu"),
    /** bcrypt with crypt_blowfish's {@code $2a$} safety countermeasure. */
    BCRYPT_2A("bcrypt-a", "$2a$", "$2a$04$abcdefghijklmnopqrstuu"),
    /** bcrypt as PHP writes it ({@code $2y$} = correct algorithm). */
    BCRYPT_2Y("bcrypt-y", "$2y$", "$2y$04$abcdefghijklmnopqrstuu"),
    /** bcrypt with the historical sign-extension bug; verify only. */
    BCRYPT_2X("bcrypt-x", "$2x$", "$2x$04$abcdefghijklmnopqrstuu"),
    /** yescrypt, the default of Debian 11+, Ubuntu 22.04+ and Fedora. */
    YESCRYPT("yescrypt", "$y$", "$y$j9T$saltsaltsaltsalt$"),
    /** yescrypt with GOST R 34.11-2012. */
    GOST_YESCRYPT("gost-yescrypt", "$gy$", "$gy$j9T$saltsaltsaltsalt$"),
    /** scrypt as libxcrypt writes it. */
    SCRYPT("scrypt", "$7$", "$7$CU..../....saltsaltsalt$"),
    /** NT hash (MD4 of the password widened to 16 bits per byte). */
    NT("nt", "$3$", "$3$$"),
    /** Sun's MD5-based crypt. */
    SUNMD5("sunmd5", "$md5", "$md5,rounds=100$saltsalt$"),
    /** NetBSD's HMAC-SHA1-based crypt. */
    SHA1CRYPT("sha1crypt", "$sha1$", "$sha1$1000$saltsalt$");

    private final String mkpasswdName;
    private final String prefix;
    private final String sampleSetting;

    CryptFormat(String mkpasswdName, String prefix, String sampleSetting) {
        this.mkpasswdName = mkpasswdName;
        this.prefix = prefix;
        this.sampleSetting = sampleSetting;
    }

    /** The name {@code mkpasswd -m} uses for it. */
    public String mkpasswdName() {
        return mkpasswdName;
    }

    /** The prefix that marks it ({@code ""} for traditional DES). */
    public String prefix() {
        return prefix;
    }

    /** A valid setting of this format, for asking which algorithm serves it. */
    String sampleSetting() {
        return sampleSetting;
    }

    /** The algorithm that serves this format here, if any. */
    public Optional<CryptAlgorithm> algorithm() {
        return CryptAlgorithms.forSetting(sampleSetting);
    }

    /** {@code java}, {@code native} or {@code unavailable}: where this format is computed on this machine. */
    public String pathDescription() {
        return algorithm().map(a -> a.path().name().toLowerCase(java.util.Locale.ROOT)).orElse("unavailable");
    }
}
