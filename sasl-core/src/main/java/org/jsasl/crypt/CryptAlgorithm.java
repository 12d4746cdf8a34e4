package org.jsasl.crypt;

/**
 * One crypt(3) hash family (SHA-512-crypt, bcrypt, ...): computes {@code crypt(password, setting)}
 * exactly as libxcrypt 4.4.33 does, where the setting is either a salt string or a whole stored
 * hash. Implementations are stateless and thread-safe.
 */
public interface CryptAlgorithm {

    /** A short family name, as libxcrypt's {@code mkpasswd -m} spells it ({@code sha512crypt}, {@code bcrypt}). */
    String name();

    /** Whether this family owns settings that look like {@code setting} (a cheap prefix check). */
    boolean handles(String setting);

    /** Where the computation runs. */
    CryptPath path();

    /**
     * Computes the hash.
     *
     * @param password the password's bytes; never modified, never kept
     * @param setting a salt string or a stored hash of this family
     * @return the whole hash string, as libxcrypt would return it
     * @throws InvalidSettingException when libxcrypt would refuse the setting (its {@code *0} result)
     */
    String crypt(byte[] password, String setting) throws InvalidSettingException;
}
