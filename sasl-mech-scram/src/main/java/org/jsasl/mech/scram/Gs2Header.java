package org.jsasl.mech.scram;

/**
 * The GS2 header that starts a SCRAM client-first-message (RFC 5802 section 7, RFC 5801): whether
 * the client binds to the channel ({@code p=type}), could but believes the server cannot ({@code y}),
 * or cannot ({@code n}), and the authorisation identity ({@code a=}) if any. Its exact text comes
 * back, base64, in the client-final-message's {@code c=}.
 *
 * @param flag the channel-binding flag
 * @param channelBindingType the type for {@link Flag#BOUND}, else null
 * @param authorizationId the identity to act as, or null
 */
record Gs2Header(Flag flag, String channelBindingType, String authorizationId) {

    /** The gs2-cbind-flag. */
    enum Flag {
        /** {@code n}: the client does not support channel binding. */
        NONE,
        /** {@code y}: the client supports it but thinks the server does not. */
        SUPPORTED,
        /** {@code p=}: the client binds to the channel. */
        BOUND
    }

    Gs2Header {
        if ((flag == Flag.BOUND) != (channelBindingType != null)) {
            throw new IllegalArgumentException("a channel-binding type goes with the p flag only");
        }
        if (authorizationId != null && authorizationId.isEmpty()) {
            authorizationId = null;
        }
    }

    /** The header as sent, ending with its second comma. */
    String text() {
        String cb;
        switch (flag) {
            case NONE:
                cb = "n";
                break;
            case SUPPORTED:
                cb = "y";
                break;
            default:
                cb = "p=" + channelBindingType;
                break;
        }
        return cb + "," + (authorizationId == null ? "" : "a=" + SaslName.escape(authorizationId)) + ",";
    }

    /** Whether {@code type} is a valid channel-binding type name (RFC 5056: letters, digits, '.' and '-'). */
    static boolean isTypeName(String type) {
        if (type.isEmpty() || type.length() > 64) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!ScramAttributes.isAlpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }
}
