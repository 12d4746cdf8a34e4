package org.jsasl.pwcheck;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A password as the client sent it, as bytes (UTF-8 for PLAIN; whatever the client sent for LOGIN).
 * It owns its buffer, never prints it, and wipes it on {@link #close()}.
 */
public final class Password implements AutoCloseable {

    private final byte[] bytes;
    private boolean cleared;

    private Password(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code length} bytes of {@code source} from {@code offset}; the caller keeps and clears its own array. */
    public static Password copyOf(byte[] source, int offset, int length) {
        return new Password(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Encodes {@code chars} as UTF-8; the caller keeps and clears its own array. */
    public static Password ofChars(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        Arrays.fill(bb.array(), (byte) 0);
        return new Password(out);
    }

    /** The password's bytes, not copied: read them, never keep or change them. */
    public byte[] bytes() {
        if (cleared) {
            throw new IllegalStateException("password already cleared");
        }
        return bytes;
    }

    /** The length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** Whether the password contains {@code b}. */
    public boolean contains(byte b) {
        for (byte x : bytes()) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    /**
     * The password decoded as strict UTF-8 in a new array the caller must clear, or null when the
     * bytes are not valid UTF-8 (then nothing can match it as text).
     */
    public char[] toChars() {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes()));
            char[] out = Arrays.copyOf(cb.array(), cb.limit());
            Arrays.fill(cb.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Compares with {@code candidate} in time that depends only on the lengths. */
    public boolean matches(byte[] candidate) {
        return candidate != null && MessageDigest.isEqual(bytes(), candidate);
    }

    /** Wipes the buffer; further use throws IllegalStateException. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
        cleared = true;
    }

    @Override
    public String toString() {
        return "Password[redacted]";
    }
}
