package org.jsasl.crypt;

/** Where a crypt(3) format is computed: in Java, or by the system's libxcrypt through JNA. */
public enum CryptPath {
    /** Pure Java, always available. */
    JAVA,
    /** The system's libxcrypt ({@code crypt_rn}) through JNA; absent when the library is not installed. */
    NATIVE
}
