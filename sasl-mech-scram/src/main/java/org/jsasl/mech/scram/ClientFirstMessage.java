package org.jsasl.mech.scram;

/**
 * The client-first-message: the GS2 header, then the "bare" part with the user name and the client's
 * nonce (RFC 5802 section 5.1), which goes verbatim into the AuthMessage both sides sign.
 *
 * @param header the GS2 header
 * @param headerText the header exactly as sent
 * @param username the user name, unescaped
 * @param nonce the client's nonce
 * @param bare the client-first-message-bare exactly as sent
 */
record ClientFirstMessage(Gs2Header header, String headerText, String username, String nonce, String bare) {

    /** A message to send. */
    static ClientFirstMessage of(Gs2Header header, String username, String nonce) {
        return new ClientFirstMessage(header, header.text(), username, nonce,
                "n=" + SaslName.escape(username) + ",r=" + nonce);
    }

    /** The whole message. */
    String text() {
        return headerText + bare;
    }

    /**
     * Reads a client-first-message.
     *
     * @param mechanism the mechanism's name, for messages
     */
    static ClientFirstMessage parse(String mechanism, String message) throws ScramFormatException {
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) {
            throw ScramAttributes.invalid(mechanism, "no GS2 header");
        }
        Gs2Header header = new Gs2Header(flag(mechanism, message.substring(0, first)),
                type(message.substring(0, first)), authorizationId(mechanism, message.substring(first + 1, second)));
        String bare = message.substring(second + 1);
        String[] fields = bare.split(",", -1);
        if (ScramAttributes.isMandatoryExtension(fields[0])) {
            throw new ScramFormatException(ScramError.EXTENSIONS_NOT_SUPPORTED,
                    mechanism + ": the client asked for a mandatory extension (m=), which is not supported");
        }
        String escaped = ScramAttributes.value(mechanism, fields[0], 'n');
        String username = SaslName.unescape(escaped);
        if (username == null || username.indexOf('\0') >= 0) {
            throw new ScramFormatException(ScramError.INVALID_USERNAME_ENCODING,
                    mechanism + ": the user name is empty or wrongly escaped (',' must be =2C and '=' =3D)");
        }
        if (fields.length < 2) {
            throw ScramAttributes.invalid(mechanism, "no nonce");
        }
        String nonce = ScramAttributes.value(mechanism, fields[1], 'r');
        if (!ScramAttributes.isNonce(nonce, ScramAttributes.MAX_NONCE)) {
            throw ScramAttributes.invalid(mechanism, "the nonce must be 1 to " + ScramAttributes.MAX_NONCE
                    + " printable ASCII characters other than ','");
        }
        for (int i = 2; i < fields.length; i++) {
            ScramAttributes.extension(mechanism, fields[i]);
        }
        return new ClientFirstMessage(header, message.substring(0, second + 1), username, nonce, bare);
    }

    private static Gs2Header.Flag flag(String mechanism, String cb) throws ScramFormatException {
        if (cb.equals("n")) {
            return Gs2Header.Flag.NONE;
        }
        if (cb.equals("y")) {
            return Gs2Header.Flag.SUPPORTED;
        }
        if (cb.startsWith("p=") && Gs2Header.isTypeName(cb.substring(2))) {
            return Gs2Header.Flag.BOUND;
        }
        throw ScramAttributes.invalid(mechanism, "the GS2 header must start with 'n', 'y' or 'p=<type>'");
    }

    private static String type(String cb) {
        return cb.startsWith("p=") ? cb.substring(2) : null;
    }

    private static String authorizationId(String mechanism, String field) throws ScramFormatException {
        if (field.isEmpty()) {
            return null;
        }
        String id = SaslName.unescape(ScramAttributes.value(mechanism, field, 'a'));
        if (id == null || id.indexOf('\0') >= 0) {
            throw new ScramFormatException(ScramError.INVALID_USERNAME_ENCODING,
                    mechanism + ": the authorization identity is empty or wrongly escaped");
        }
        return id;
    }
}
