package org.jsasl.secret;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.jsasl.secret.SaslPrepException.Problem;

/**
 * SASLprep (RFC 4013), the stringprep (RFC 3454) profile that SCRAM (RFC 5802), PLAIN (RFC 4616)
 * and friends apply to user names and passwords so that the same password typed on different
 * systems gives the same bytes. It applies "query" semantics: code points unassigned in Unicode
 * 3.2 are allowed, as RFC 5802 section 5.1 requires for passwords.
 *
 * <p>The steps, in RFC 3454's order:
 * <ol>
 * <li>Map: non-ASCII spaces (C.1.2) become U+0020 and the characters "commonly mapped to nothing"
 *     (B.1) are removed. U+200B ZERO WIDTH SPACE is in both tables; it becomes a space, the order
 *     GNU SASL (libidn) uses, so a password containing it gives the same SCRAM keys there.</li>
 * <li>Normalise with NFKC.</li>
 * <li>Refuse prohibited output: C.1.2 non-ASCII space, C.2.1 ASCII control, C.2.2 non-ASCII
 *     control, C.3 private use, C.4 non-character, C.5 surrogate, C.6 inappropriate for plain
 *     text, C.7 ideographic description, C.8 display-changing or deprecated, C.9 tagging. These
 *     tables are the exact code point ranges of RFC 3454, not Java's general categories. Since
 *     the check runs after normalisation, U+0340 and U+0341 (in C.8) never fail: NFKC turns them
 *     into U+0300 and U+0301.</li>
 * <li>Bidi (RFC 3454 section 6): a string with any right-to-left character (bidi class R or AL)
 *     may contain no left-to-right one (class L) and must start and end with a right-to-left
 *     one.</li>
 * <li>An empty result is refused ("empty after SASLprep"); whether an empty password is acceptable
 *     at all is the caller's decision, made before calling.</li>
 * </ol>
 *
 * <p><b>Unicode version.</b> RFC 3454 is fixed to Unicode 3.2; {@link Normalizer} and
 * {@link Character#getDirectionality(int)} use the running JDK's Unicode version. For characters
 * assigned in 3.2 the NFKC results agree (Unicode's normalisation stability policy; the only
 * exceptions are a handful of characters fixed by corrigenda, none plausible in a password). For
 * characters assigned after 3.2, which query semantics lets through, this class normalises them and
 * gives them their current bidi class, where an implementation frozen at 3.2 (libidn) leaves them
 * unchanged and classless: for example U+2150 VULGAR FRACTION ONE SEVENTH (Unicode 5.2) becomes
 * "1&#x2044;7" here but stays as it is in libidn, and a string mixing N'Ko (R since Unicode 5.0)
 * with Latin letters is refused here. Such passwords give different SCRAM keys in the two.
 *
 * <p><b>Compared with RFC 7613's OpaqueString</b> (the PRECIS profile that replaces SASLprep for
 * passwords), the two agree on every printable-ASCII password and on most others. The differences:
 * OpaqueString normalises with NFC, not NFKC (so U+2168 ROMAN NUMERAL NINE stays as it is instead of
 * becoming "IX", and U+00AA stays instead of becoming "a"); it rejects most B.1 characters (the
 * default-ignorable ones) instead of removing them; it rejects unassigned code points; it has no bidi
 * rule; and it follows the current Unicode version rather than 3.2. Both map non-ASCII spaces to
 * U+0020 and reject controls, private use, non-characters and empty strings.
 *
 * <p><b>Secrets.</b> Exception messages carry the problem and a position only, never the input or
 * the offending character. {@link #preparePassword(byte[])} wipes the char[] and byte[] buffers it
 * owns; the Strings that {@link Normalizer} takes and returns cannot be wiped, so a slow-path
 * password leaves one normalised copy on the heap until it is collected. Printable ASCII takes a
 * fast path that creates no String at all.
 */
public final class SaslPrep {

    private SaslPrep() {
    }

    /**
     * Prepares a string (a password or a user name) with SASLprep.
     *
     * @return the prepared string; the same instance when {@code s} is non-empty printable ASCII
     * @throws SaslPrepException when the string is refused; the message never quotes it
     */
    public static String prepare(String s) throws SaslPrepException {
        if (s.isEmpty()) {
            throw empty();
        }
        if (isPrintableAscii(s)) {
            return s;
        }
        return prepareFully(s);
    }

    /**
     * Prepares a password given as UTF-8 bytes (as PLAIN and SCRAM carry it), decoding strictly.
     *
     * <p>Non-empty input made only of bytes 0x20 to 0x7E is returned as a copy without
     * normalisation. That is exactly what the full procedure gives: no printable ASCII character is
     * in B.1 or C.1.2 (so mapping changes nothing), none has a compatibility or canonical
     * decomposition nor composes with another ASCII character (so NFKC changes nothing), none is in
     * a prohibition table (U+0020 is C.1.1, which SASLprep does not prohibit), and none is of bidi
     * class R or AL (so the bidi rule does not apply).
     *
     * @param utf8 the password's bytes; not changed and not kept
     * @return the prepared password's UTF-8 bytes in a new array the caller owns (and should wipe)
     * @throws SaslPrepException when the bytes are not well-formed UTF-8 (overlong forms, encoded
     *         surrogates, truncated sequences, values above U+10FFFF) or the password is refused
     */
    public static byte[] preparePassword(byte[] utf8) throws SaslPrepException {
        if (utf8.length == 0) {
            throw empty();
        }
        if (isPrintableAscii(utf8)) {
            return utf8.clone();
        }
        return preparePasswordFully(utf8);
    }

    /** The full procedure for a string, without the ASCII fast path (tests compare the two). */
    static String prepareFully(CharSequence s) throws SaslPrepException {
        char[] mapped = new char[s.length()];
        try {
            int n = map(s, mapped);
            if (n == 0) {
                throw empty();
            }
            String normalized = Normalizer.normalize(CharBuffer.wrap(mapped, 0, n), Normalizer.Form.NFKC);
            check(normalized);
            return normalized;
        } finally {
            Arrays.fill(mapped, '\0');
        }
    }

    /** The full procedure for UTF-8 bytes, without the ASCII fast path (tests compare the two). */
    static byte[] preparePasswordFully(byte[] utf8) throws SaslPrepException {
        // Each UTF-16 unit takes at least one UTF-8 byte, so the decoded text fits in utf8.length chars.
        char[] chars = new char[utf8.length];
        try {
            int n = decode(utf8, chars);
            return encode(prepareFully(CharBuffer.wrap(chars, 0, n)));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintableAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7E) { // bytes 0x80-0xFF are negative
                return false;
            }
        }
        return true;
    }

    /** RFC 3454 section 3 with SASLprep's two tables; writes into {@code out}, returns the length. */
    private static int map(CharSequence s, char[] out) throws SaslPrepException {
        int n = 0;
        int position = 0;
        for (int i = 0; i < s.length(); position++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out[n++] = c;
                out[n++] = s.charAt(i + 1);
                i += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                // Java strings can hold what no Unicode text can; stringprep has no answer for it but C.5.
                throw new SaslPrepException(Problem.PROHIBITED, "prohibited character (unpaired surrogate, RFC 3454 C.5)", position);
            }
            if (isNonAsciiSpace(c)) {
                out[n++] = ' ';
            } else if (!isMappedToNothing(c)) {
                out[n++] = c;
            }
            i++;
        }
        return n;
    }

    /** RFC 3454 table B.1 (all of it is in the BMP). */
    private static boolean isMappedToNothing(char c) {
        return c == 0x00AD || c == 0x034F || c == 0x1806 || (c >= 0x180B && c <= 0x180D)
                || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
    }

    /** RFC 3454 table C.1.2 (all of it is in the BMP). */
    private static boolean isNonAsciiSpace(int c) {
        return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** RFC 3454 sections 5 and 6 on the normalised string. */
    private static void check(String s) throws SaslPrepException {
        boolean anyRandAL = false;
        int firstL = -1;
        boolean firstRandAL = false;
        boolean lastRandAL = false;
        int position = 0;
        for (int i = 0; i < s.length(); position++) {
            int cp = s.codePointAt(i);
            String table = prohibitedTable(cp);
            if (table != null) {
                throw new SaslPrepException(Problem.PROHIBITED, "prohibited character (" + table + ")", position);
            }
            byte dir = Character.getDirectionality(cp);
            boolean randAL = dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            if (randAL) {
                anyRandAL = true;
            } else if (dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT && firstL < 0) {
                firstL = position;
            }
            if (position == 0) {
                firstRandAL = randAL;
            }
            lastRandAL = randAL;
            i += Character.charCount(cp);
        }
        if (!anyRandAL) {
            return;
        }
        if (firstL >= 0) {
            throw new SaslPrepException(Problem.BIDI, "left-to-right character in a right-to-left string (RFC 3454 section 6)", firstL);
        }
        if (!firstRandAL) {
            throw new SaslPrepException(Problem.BIDI, "right-to-left string does not start with a right-to-left character (RFC 3454 section 6)", 0);
        }
        if (!lastRandAL) {
            throw new SaslPrepException(Problem.BIDI, "right-to-left string does not end with a right-to-left character (RFC 3454 section 6)", position - 1);
        }
    }

    /** The first RFC 3454 prohibition table SASLprep uses that holds {@code cp}, described, or null. */
    private static String prohibitedTable(int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            return null;
        }
        if (isNonAsciiSpace(cp)) {
            return "non-ASCII space, RFC 3454 C.1.2";
        }
        if (cp < 0x20 || cp == 0x7F) {
            return "ASCII control, RFC 3454 C.2.1";
        }
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp == 0x200C || cp == 0x200D
                || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F)
                || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)) {
            return "non-ASCII control, RFC 3454 C.2.2";
        }
        if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)) {
            return "private use, RFC 3454 C.3";
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return "non-character code point, RFC 3454 C.4";
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            return "surrogate code, RFC 3454 C.5";
        }
        if (cp >= 0xFFF9 && cp <= 0xFFFD) {
            return "inappropriate for plain text, RFC 3454 C.6";
        }
        if (cp >= 0x2FF0 && cp <= 0x2FFB) {
            return "inappropriate for canonical representation, RFC 3454 C.7";
        }
        if (cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x206A && cp <= 0x206F)) {
            return "changes display properties or deprecated, RFC 3454 C.8";
        }
        if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) {
            return "tagging character, RFC 3454 C.9";
        }
        return null;
    }

    /** Strict UTF-8 into {@code out}; returns the number of chars written. */
    private static int decode(byte[] utf8, char[] out) throws SaslPrepException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        CharBuffer chars = CharBuffer.wrap(out);
        CoderResult result = decoder.decode(in, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw new SaslPrepException(Problem.MALFORMED_UTF8, "malformed UTF-8", in.position());
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("UTF-8 decoded to more chars than bytes");
        }
        return chars.position();
    }

    /** UTF-8 of a prepared string, through a buffer that is wiped, in an array of the exact size. */
    private static byte[] encode(String s) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
        byte[] buffer = new byte[Math.multiplyExact(s.length(), 3)];
        try {
            ByteBuffer out = ByteBuffer.wrap(buffer);
            CoderResult result = encoder.encode(CharBuffer.wrap(s), out, true);
            if (!result.isError() && !result.isOverflow()) {
                result = encoder.flush(out);
            }
            if (result.isError() || result.isOverflow()) {
                // map() refused unpaired surrogates and NFKC makes none, so a prepared string always encodes.
                throw new IllegalStateException("prepared string does not encode as UTF-8");
            }
            return Arrays.copyOf(buffer, out.position());
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    private static SaslPrepException empty() {
        return new SaslPrepException(Problem.EMPTY, "empty after SASLprep", -1);
    }
}
