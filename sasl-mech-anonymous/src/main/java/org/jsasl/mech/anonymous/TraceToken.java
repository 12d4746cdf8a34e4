package org.jsasl.mech.anonymous;

import javax.security.sasl.SaslException;
import org.jsasl.mech.Utf8;

/**
 * The rules for ANONYMOUS' trace token, shared by server and client: strict UTF-8, at most
 * {@value #MAX_CODE_POINTS} code points (RFC 4505 section 3), and no control character (C0, DEL,
 * C1), so that a token can neither forge a log line nor hide in one. Errors never quote the token.
 */
final class TraceToken {

    /** RFC 4505's bound, in code points. */
    static final int MAX_CODE_POINTS = 255;
    /** The most bytes {@value #MAX_CODE_POINTS} code points take in UTF-8; checked before decoding. */
    static final int MAX_BYTES = 4 * MAX_CODE_POINTS;

    private TraceToken() {
    }

    /** The token these bytes carry. */
    static String decode(byte[] message) throws SaslException {
        if (message.length > MAX_BYTES) {
            throw malformed("longer than " + MAX_CODE_POINTS + " characters");
        }
        String trace = Utf8.decode(message, 0, message.length);
        if (trace == null) {
            throw malformed("not valid UTF-8");
        }
        check(trace);
        return trace;
    }

    /** Fails unless {@code trace} obeys the rules. */
    static void check(String trace) throws SaslException {
        int count = 0;
        for (int i = 0; i < trace.length(); ) {
            int cp = trace.codePointAt(i);
            if (cp == 0) {
                throw malformed("contains NUL");
            }
            if (cp >= 0xd800 && cp <= 0xdfff) {
                // Only a String from the client side can hold a lone surrogate; decoded bytes cannot.
                throw malformed("not valid UTF-16 text");
            }
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                throw malformed("contains a control character (U+" + String.format("%04X", cp) + ")");
            }
            if (++count > MAX_CODE_POINTS) {
                throw malformed("longer than " + MAX_CODE_POINTS + " characters");
            }
            i += Character.charCount(cp);
        }
    }

    private static SaslException malformed(String why) {
        return new SaslException("ANONYMOUS: malformed trace token: " + why);
    }
}
