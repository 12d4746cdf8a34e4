package org.jsasl.mech.scram;

/**
 * RFC 5802's {@code saslname}: a user name or authorisation identity in a SCRAM message, with
 * {@code ,} written as {@code =2C} and {@code =} as {@code =3D}.
 */
final class SaslName {

    private SaslName() {
    }

    /** Writes {@code name} as a saslname. */
    static String escape(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /**
     * Reads a saslname; null when it is empty or holds a {@code =} not followed by {@code 2C} or
     * {@code 3D} (the server then answers {@code e=invalid-username-encoding}).
     */
    static String unescape(String value) {
        if (value.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '=') {
                out.append(c);
                continue;
            }
            if (value.startsWith("2C", i + 1)) {
                out.append(',');
            } else if (value.startsWith("3D", i + 1)) {
                out.append('=');
            } else {
                return null;
            }
            i += 2;
        }
        return out.toString();
    }
}
