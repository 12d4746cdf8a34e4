package org.jsasl.pwcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordTest {

    @Test
    void toStringNeverShowsThePassword() {
        try (Password p = Password.ofChars("hunter2".toCharArray())) {
            assertEquals("Password[redacted]", p.toString());
        }
    }

    @Test
    void closeWipesTheBufferAndForbidsFurtherUse() {
        byte[] source = "hunter2".getBytes(StandardCharsets.UTF_8);
        Password p = Password.copyOf(source, 0, source.length);
        byte[] inside = p.bytes();
        p.close();
        assertArrayEquals(new byte[7], inside);
        assertArrayEquals("hunter2".getBytes(StandardCharsets.UTF_8), source, "the caller's array is not touched");
        assertThrows(IllegalStateException.class, p::bytes);
    }

    @Test
    void matchesComparesBytesExactly() {
        try (Password p = Password.ofChars("p\u00e4ss".toCharArray())) {
            assertTrue(p.matches("p\u00e4ss".getBytes(StandardCharsets.UTF_8)));
            assertFalse(p.matches("p\u00e4s".getBytes(StandardCharsets.UTF_8)));
            assertFalse(p.matches(null));
        }
    }

    @Test
    void toCharsIsStrictUtf8() {
        byte[] latin1 = {'p', (byte) 0xe4, 's', 's'};
        try (Password p = Password.copyOf(latin1, 0, 4); Password q = Password.ofChars("ok".toCharArray())) {
            assertNull(p.toChars());
            assertArrayEquals("ok".toCharArray(), q.toChars());
        }
    }
}
