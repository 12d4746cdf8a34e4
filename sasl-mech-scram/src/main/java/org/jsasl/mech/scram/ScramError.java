package org.jsasl.mech.scram;

import java.util.Locale;

/**
 * The server-error-values of RFC 5802 section 7, sent as {@code e=} in the server-final-message. A
 * client treats a value it does not know as {@link #OTHER_ERROR}, as the RFC requires.
 */
public enum ScramError {
    INVALID_ENCODING,
    EXTENSIONS_NOT_SUPPORTED,
    INVALID_PROOF,
    CHANNEL_BINDINGS_DONT_MATCH,
    SERVER_DOES_SUPPORT_CHANNEL_BINDING,
    CHANNEL_BINDING_NOT_SUPPORTED,
    UNSUPPORTED_CHANNEL_BINDING_TYPE,
    UNKNOWN_USER,
    INVALID_USERNAME_ENCODING,
    NO_RESOURCES,
    OTHER_ERROR;

    /** The value as written on the wire, such as {@code invalid-proof}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The error a server named; unknown values are {@link #OTHER_ERROR}. */
    public static ScramError fromWire(String value) {
        for (ScramError e : values()) {
            if (e.wireName().equals(value)) {
                return e;
            }
        }
        return OTHER_ERROR;
    }
}
