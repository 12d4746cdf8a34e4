package org.jsasl.mech.scram;

import java.util.Base64;

/**
 * The server-first-message (RFC 5802 section 5.1): the nonce (the client's followed by the
 * server's), the user's salt and the iteration count.
 *
 * @param nonce the combined nonce
 * @param salt the salt, not empty
 * @param iterations the iteration count, positive
 * @param text the message exactly as sent
 */
record ServerFirstMessage(String nonce, byte[] salt, int iterations, String text) {

    /** A message to send. */
    static ServerFirstMessage of(String nonce, byte[] salt, int iterations) {
        return new ServerFirstMessage(nonce, salt.clone(), iterations,
                "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations);
    }

    /** Reads a server-first-message (the client's side). */
    static ServerFirstMessage parse(String mechanism, String message) throws ScramFormatException {
        String[] fields = message.split(",", -1);
        if (ScramAttributes.isMandatoryExtension(fields[0])) {
            throw new ScramFormatException(ScramError.EXTENSIONS_NOT_SUPPORTED,
                    mechanism + ": the server asked for a mandatory extension (m=), which is not supported");
        }
        if (fields.length < 3) {
            throw ScramAttributes.invalid(mechanism, "the server-first-message needs r=, s= and i=");
        }
        String nonce = ScramAttributes.value(mechanism, fields[0], 'r');
        byte[] salt = ScramAttributes.base64(mechanism, ScramAttributes.value(mechanism, fields[1], 's'), 's');
        if (salt.length == 0) {
            throw ScramAttributes.invalid(mechanism, "empty salt");
        }
        int iterations = ScramAttributes.positiveNumber(ScramAttributes.value(mechanism, fields[2], 'i'));
        if (iterations < 1) {
            throw ScramAttributes.invalid(mechanism, "the iteration count is not a positive number");
        }
        for (int i = 3; i < fields.length; i++) {
            ScramAttributes.extension(mechanism, fields[i]);
        }
        return new ServerFirstMessage(nonce, salt, iterations, message);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }
}
