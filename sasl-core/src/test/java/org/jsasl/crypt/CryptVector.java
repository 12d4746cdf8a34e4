package org.jsasl.crypt;

import java.nio.charset.StandardCharsets;

/**
 * One row of {@code crypt-vectors.tsv}: libxcrypt (or openssl, for apr1) hashed {@code password}
 * to {@code hash}, so {@code crypt(password, hash)} must give {@code hash} back.
 *
 * @param format the format name ({@code sha512crypt}, {@code bcrypt2b}, ...)
 * @param password the raw password bytes (a fresh copy on every call)
 * @param hash the whole hash string
 * @param note what the row covers, often empty
 */
public record CryptVector(String format, byte[] password, String hash, String note) {

    @Override
    public byte[] password() {
        return password.clone();
    }

    /** Names the row without its password bytes: they would clutter test reports. */
    @Override
    public String toString() {
        return format + " " + hash + (note.isEmpty() ? "" : " (" + note + ")")
                + " [" + password.length + "-byte password" + (isAscii(password) ? " '"
                + new String(password, StandardCharsets.US_ASCII) + "'" : "") + "]";
    }

    private static boolean isAscii(byte[] bytes) {
        if (bytes.length > 40) {
            return false;
        }
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
