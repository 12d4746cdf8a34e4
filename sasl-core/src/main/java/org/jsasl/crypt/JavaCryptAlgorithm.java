package org.jsasl.crypt;

/**
 * A crypt(3) family computed in Java and selected, as libxcrypt selects it, by the prefix its
 * settings start with ({@code $6$}, {@code $1$}, {@code _}, ...).
 */
abstract class JavaCryptAlgorithm implements CryptAlgorithm {

    /** The family's {@code mkpasswd -m} name. */
    protected final String name;
    /** The prefix that selects the family. */
    protected final String prefix;

    JavaCryptAlgorithm(String name, String prefix) {
        this.name = name;
        this.prefix = prefix;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public boolean handles(String setting) {
        return setting.startsWith(prefix);
    }

    @Override
    public final CryptPath path() {
        return CryptPath.JAVA;
    }
}
