package org.jsasl.secret;

import javax.security.sasl.SaslException;

/**
 * A string that SASLprep (RFC 4013) refuses: a prohibited character, a broken bidirectional rule,
 * malformed UTF-8 or nothing left after mapping. It is a {@link SaslException} so that a mechanism
 * can let it propagate as its own failure. The message names only the problem and a position, never
 * the input or the offending character, because the input is usually a password.
 */
public class SaslPrepException extends SaslException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that treat the cases differently. */
    public enum Problem {
        /** A character from one of RFC 3454's prohibition tables (C.1.2 to C.9), or an unpaired surrogate. */
        PROHIBITED,
        /** The string breaks RFC 3454 section 6 (mixed directions, or a right-to-left string not framed by right-to-left characters). */
        BIDI,
        /** The bytes are not well-formed UTF-8. */
        MALFORMED_UTF8,
        /** Nothing is left after mapping (or the input was empty). */
        EMPTY
    }

    private final Problem problem;
    private final int position;

    SaslPrepException(Problem problem, String detail, int position) {
        super(position < 0 ? "SASLprep: " + detail : "SASLprep: " + detail + " at position " + position);
        this.problem = problem;
        this.position = position;
    }

    /** What went wrong. */
    public Problem problem() {
        return problem;
    }

    /**
     * Where it went wrong, or -1 when the whole string is at fault (empty). For malformed UTF-8 it
     * counts bytes of the input; for an unpaired surrogate, code points of the input; for a
     * prohibited character or the bidirectional rule, code points of the string after mapping and
     * normalisation (the string RFC 3454 checks), which for most strings is the input position.
     */
    public int position() {
        return position;
    }
}
