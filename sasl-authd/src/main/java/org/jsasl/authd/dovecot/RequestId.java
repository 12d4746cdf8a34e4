package org.jsasl.authd.dovecot;

/** Request ids: unsigned 32-bit decimal numbers other than 0, digits only (no sign, no spaces). */
final class RequestId {

    private static final long MAX = 0xFFFF_FFFFL;

    private RequestId() {
    }

    /** The id {@code field} spells, or -1 when it is not one (empty, not digits, 0, above 2^32-1). */
    static long parse(String field) {
        if (field.isEmpty() || field.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v == 0 || v > MAX ? -1 : v;
    }
}
