package org.jsasl.mech;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strict UTF-8 for mechanism messages: malformed or overlong input is an error, never replaced. */
public final class Utf8 {

    private Utf8() {
    }

    /** Decodes {@code len} bytes at {@code off}, or returns null when they are not valid UTF-8. */
    public static String decode(byte[] b, int off, int len) {
        try {
            return decoder().decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether {@code len} bytes at {@code off} are valid UTF-8; the decoded copy is wiped (they may be a password). */
    public static boolean isValid(byte[] b, int off, int len) {
        try {
            CharBuffer cb = decoder().decode(ByteBuffer.wrap(b, off, len));
            Arrays.fill(cb.array(), '\0');
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The position of the first {@code value} byte at or after {@code from}, or -1. */
    public static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
