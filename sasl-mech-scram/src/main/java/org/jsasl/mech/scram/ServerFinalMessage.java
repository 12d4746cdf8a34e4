package org.jsasl.mech.scram;

import java.util.Base64;

/**
 * The server-final-message (RFC 5802 section 5.1): the ServerSignature ({@code v=}) that proves the
 * server knew the user's keys, or an error ({@code e=}).
 *
 * @param verifier the ServerSignature, or null with an error
 * @param error the error, or null with a verifier
 */
record ServerFinalMessage(byte[] verifier, ScramError error) {

    /** The success message for {@code serverSignature}. */
    static String success(byte[] serverSignature) {
        return "v=" + Base64.getEncoder().encodeToString(serverSignature);
    }

    /** Reads a server-final-message (the client's side). */
    static ServerFinalMessage parse(String mechanism, String message) throws ScramFormatException {
        String[] fields = message.split(",", -1);
        for (int i = 1; i < fields.length; i++) {
            ScramAttributes.extension(mechanism, fields[i]);
        }
        if (fields[0].startsWith("e=")) {
            return new ServerFinalMessage(null, ScramError.fromWire(fields[0].substring(2)));
        }
        byte[] v = ScramAttributes.base64(mechanism, ScramAttributes.value(mechanism, fields[0], 'v'), 'v');
        return new ServerFinalMessage(v, null);
    }
}
