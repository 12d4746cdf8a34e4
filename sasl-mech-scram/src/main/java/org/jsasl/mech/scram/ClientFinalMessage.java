package org.jsasl.mech.scram;

import java.util.Base64;

/**
 * The client-final-message (RFC 5802 section 5.1): the GS2 header and channel-binding data
 * ({@code c=}), the combined nonce, and the client's proof. The part before the proof goes into the
 * AuthMessage.
 *
 * @param channelBinding the decoded {@code c=}: the GS2 header's bytes, then the binding data if bound
 * @param nonce the combined nonce
 * @param proof the ClientProof
 * @param withoutProof client-final-message-without-proof, exactly as sent
 */
record ClientFinalMessage(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {

    /** The message without the proof, to sign. */
    static String withoutProof(byte[] channelBinding, String nonce) {
        return "c=" + Base64.getEncoder().encodeToString(channelBinding) + ",r=" + nonce;
    }

    /** The whole message. */
    static String text(String withoutProof, byte[] proof) {
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** Reads a client-final-message (the server's side). */
    static ClientFinalMessage parse(String mechanism, String message) throws ScramFormatException {
        String[] fields = message.split(",", -1);
        if (fields.length < 3) {
            throw ScramAttributes.invalid(mechanism, "the client-final-message needs c=, r= and p=");
        }
        byte[] cb = ScramAttributes.base64(mechanism, ScramAttributes.value(mechanism, fields[0], 'c'), 'c');
        String nonce = ScramAttributes.value(mechanism, fields[1], 'r');
        for (int i = 2; i < fields.length - 1; i++) {
            ScramAttributes.extension(mechanism, fields[i]);
        }
        String last = fields[fields.length - 1];
        byte[] proof = ScramAttributes.base64(mechanism, ScramAttributes.value(mechanism, last, 'p'), 'p');
        String withoutProof = message.substring(0, message.length() - last.length() - 1);
        return new ClientFinalMessage(cb, nonce, proof, withoutProof);
    }
}
