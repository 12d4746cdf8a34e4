package org.jsasl.examples.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict UTF-8 decoding of input that may hold a password: the characters end up in an array the
 * caller can clear, and no intermediate copy is left behind (a String would stay in the heap until
 * collected).
 */
final class SecretText {

    private SecretText() {
    }

    /**
     * Decodes {@code length} bytes at {@code offset}.
     *
     * @return the characters, which the caller must clear, or null when the bytes are not UTF-8
     */
    static char[] decode(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // UTF-8 never decodes to more chars than bytes, so this buffer cannot overflow and is the only copy.
        char[] work = new char[length];
        try {
            CharBuffer out = CharBuffer.wrap(work);
            if (decoder.decode(ByteBuffer.wrap(bytes, offset, length), out, true).isError()
                    || decoder.flush(out).isError()) {
                return null;
            }
            return Arrays.copyOf(work, out.position());
        } finally {
            Arrays.fill(work, '\0');
        }
    }

    /** Clears a byte array that held a secret; null is ignored. */
    static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Clears a char array that held a secret; null is ignored. */
    static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    /** Whether {@code text} contains {@code secret}, compared without making a String of the secret. */
    static boolean contains(String text, char[] secret) {
        if (text == null || secret == null || secret.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i + secret.length <= text.length(); i++) {
            for (int j = 0; j < secret.length; j++) {
                if (text.charAt(i + j) != secret[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
