package org.jsasl.pwcheck.cache;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What a cached result is filed under: the SASL service, the canonical user (realm included) and
 * the keyed hash of the password (see {@link PasswordMac}). Never the password.
 */
public final class AuthCacheKey {

    private final String service;
    private final String authid;
    private final byte[] passwordMac;
    private final int hash;

    /**
     * @param service the SASL service, null read as empty
     * @param authid the canonical {@code user@realm}
     * @param passwordMac the password's MAC; owned by the key from now on
     */
    AuthCacheKey(String service, String authid, byte[] passwordMac) {
        this.service = service == null ? "" : service;
        this.authid = authid;
        this.passwordMac = passwordMac;
        this.hash = 31 * (31 * this.service.hashCode() + authid.hashCode()) + Arrays.hashCode(passwordMac);
    }

    String service() {
        return service;
    }

    String authid() {
        return authid;
    }

    /** A rough count of the bytes this key takes on the heap, for the cache's byte bound. */
    long estimatedBytes() {
        // The key object, two strings (counted at two bytes a char, though most are Latin-1), the MAC array.
        return 32 + (40 + 2L * service.length()) + (40 + 2L * authid.length()) + (16 + passwordMac.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthCacheKey k && hash == k.hash && service.equals(k.service) && authid.equals(k.authid)
                // Constant time, though a MAC under a secret key leaks little through timing anyway.
                && MessageDigest.isEqual(passwordMac, k.passwordMac);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "AuthCacheKey[" + service + ", " + authid + ", password redacted]";
    }
}
