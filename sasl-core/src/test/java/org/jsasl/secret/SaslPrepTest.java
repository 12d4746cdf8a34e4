package org.jsasl.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jsasl.secret.SaslPrepException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SaslPrepTest {

    private static String cp(int... codePoints) {
        return new String(codePoints, 0, codePoints.length);
    }

    private static SaslPrepException refused(String s) {
        return assertThrows(SaslPrepException.class, () -> SaslPrep.prepare(s));
    }

    private static SaslPrepException refusedBytes(byte[] b) {
        return assertThrows(SaslPrepException.class, () -> SaslPrep.preparePassword(b));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // RFC 4013 section 3, the examples table.

    @Test
    void softHyphenIsMappedToNothing() throws Exception {
        assertEquals("IX", SaslPrep.prepare("I\u00ADX"));
    }

    @Test
    void plainAsciiIsUnchangedAndCaseIsKept() throws Exception {
        assertEquals("user", SaslPrep.prepare("user"));
        assertEquals("USER", SaslPrep.prepare("USER"));
    }

    @Test
    void feminineOrdinalIndicatorBecomesLetterA() throws Exception {
        assertEquals("a", SaslPrep.prepare("\u00AA"));
    }

    @Test
    void romanNumeralNineBecomesIX() throws Exception {
        assertEquals("IX", SaslPrep.prepare("\u2168"));
    }

    @Test
    void asciiControlIsProhibited() {
        SaslPrepException e = refused("\u0007");
        assertEquals(Problem.PROHIBITED, e.problem());
        assertEquals(0, e.position());
        assertTrue(e.getMessage().contains("control"), e.getMessage());
    }

    @Test
    void rightToLeftStringEndingInDigitBreaksBidiRule() {
        SaslPrepException e = refused("\u06271");
        assertEquals(Problem.BIDI, e.problem());
    }

    @Test
    void rightToLeftStringFramedByRightToLeftCharactersIsAccepted() throws Exception {
        assertEquals("\u06271\u0628", SaslPrep.prepare("\u06271\u0628"));
    }

    @Test
    void rightToLeftAndLeftToRightMixedIsRefused() {
        assertEquals(Problem.BIDI, refused("\u0627a\u0628").problem());
    }

    @Test
    void rightToLeftStringStartingWithDigitIsRefused() {
        assertEquals(Problem.BIDI, refused("1\u0627").problem());
    }

    // Mapping.

    @ParameterizedTest
    @ValueSource(ints = {0x00A0, 0x1680, 0x2000, 0x2005, 0x200A, 0x200B, 0x202F, 0x205F, 0x3000})
    void nonAsciiSpaceBecomesAsciiSpace(int space) throws Exception {
        assertEquals("a b", SaslPrep.prepare("a" + cp(space) + "b"));
        assertArrayEquals(utf8("a b"), SaslPrep.preparePassword(utf8("a" + cp(space) + "b")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200C, 0x200D, 0x2060, 0xFE00, 0xFE0F, 0xFEFF})
    void commonlyMappedToNothingIsRemoved(int c) throws Exception {
        assertEquals("ab", SaslPrep.prepare("a" + cp(c) + "b"));
    }

    @Test
    void onlyMappedToNothingCharactersIsEmpty() {
        SaslPrepException e = refused("\u00AD\uFEFF");
        assertEquals(Problem.EMPTY, e.problem());
        assertTrue(e.getMessage().contains("empty after SASLprep"), e.getMessage());
    }

    @Test
    void emptyInputIsRefused() {
        assertEquals(Problem.EMPTY, refused("").problem());
        assertEquals(Problem.EMPTY, refusedBytes(new byte[0]).problem());
    }

    // Prohibition tables, one sample (or a few) each.

    @ParameterizedTest
    @CsvSource({
            "0x0000, C.2.1", "0x001F, C.2.1", "0x007F, C.2.1",
            "0x0080, C.2.2", "0x009F, C.2.2", "0x06DD, C.2.2", "0x070F, C.2.2", "0x180E, C.2.2", "0x2028, C.2.2",
            "0x2029, C.2.2", "0x2061, C.2.2", "0x2063, C.2.2", "0xFFF9, C.2.2", "0xFFFC, C.2.2", "0x1D173, C.2.2",
            "0x1D17A, C.2.2",
            "0xE000, C.3", "0xF8FF, C.3", "0xF0000, C.3", "0xFFFFD, C.3", "0x100000, C.3", "0x10FFFD, C.3",
            "0xFDD0, C.4", "0xFDEF, C.4", "0xFFFE, C.4", "0xFFFF, C.4", "0x1FFFE, C.4", "0x10FFFF, C.4",
            "0xFFFD, C.6",
            "0x2FF0, C.7", "0x2FFB, C.7",
            "0x200E, C.8", "0x200F, C.8", "0x202A, C.8", "0x202E, C.8", "0x206A, C.2.2", "0x206F, C.2.2",
            "0xE0001, C.9", "0xE0020, C.9", "0xE007F, C.9",
    })
    void prohibitedCharacterIsRefusedWithItsTable(String hex, String table) {
        int c = Integer.decode(hex);
        String s = "ab" + cp(c);
        SaslPrepException e = refused(s);
        assertEquals(Problem.PROHIBITED, e.problem());
        assertEquals(2, e.position());
        assertTrue(e.getMessage().contains(table), e.getMessage());
        assertTrue(e.getMessage().endsWith("at position 2"), e.getMessage());
        SaslPrepException fromBytes = refusedBytes(utf8(s));
        assertEquals(Problem.PROHIBITED, fromBytes.problem());
    }

    @Test
    void combiningToneMarksInC8AreNormalisedAwayBeforeTheCheck() throws Exception {
        // NFKC turns U+0340/U+0341 into U+0300/U+0301, so the C.8 check after normalisation never sees them.
        assertEquals("a\u0300", java.text.Normalizer.normalize(SaslPrep.prepare("a\u0340"), java.text.Normalizer.Form.NFD));
    }

    @Test
    void unpairedSurrogateIsRefused() {
        SaslPrepException high = refused("ab\uD800c");
        assertEquals(Problem.PROHIBITED, high.problem());
        assertEquals(2, high.position());
        assertTrue(high.getMessage().contains("surrogate"), high.getMessage());
        assertEquals(Problem.PROHIBITED, refused("\uDC00").problem());
        assertEquals(Problem.PROHIBITED, refused("a\uD800").problem());
    }

    @Test
    void pairedSurrogatesAreAccepted() throws Exception {
        String gothicAhsa = cp(0x10330); // assigned, left-to-right
        assertEquals(gothicAhsa, SaslPrep.prepare(gothicAhsa));
        assertArrayEquals(utf8(gothicAhsa), SaslPrep.preparePassword(utf8(gothicAhsa)));
    }

    @Test
    void unassignedCodePointIsAllowed() throws Exception {
        // U+0378 is unassigned in every Unicode version so far; query semantics let it through.
        assertFalse(Character.isDefined(0x0378));
        assertEquals("a\u0378", SaslPrep.prepare("a\u0378"));
        int plane3 = 0x3FFFD; // unassigned, not a non-character
        assertFalse(Character.isDefined(plane3));
        assertArrayEquals(utf8(cp(plane3)), SaslPrep.preparePassword(utf8(cp(plane3))));
    }

    // UTF-8 input.

    @Test
    void overlongNulIsMalformed() {
        SaslPrepException e = refusedBytes(new byte[] {'a', (byte) 0xC0, (byte) 0x80});
        assertEquals(Problem.MALFORMED_UTF8, e.problem());
        assertEquals(1, e.position());
    }

    @Test
    void truncatedSequenceIsMalformed() {
        assertEquals(Problem.MALFORMED_UTF8, refusedBytes(new byte[] {(byte) 0xE2, (byte) 0x82}).problem());
    }

    @Test
    void encodedSurrogateIsMalformed() {
        assertEquals(Problem.MALFORMED_UTF8, refusedBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).problem());
    }

    @Test
    void valueAboveUnicodeRangeIsMalformed() {
        assertEquals(Problem.MALFORMED_UTF8,
                refusedBytes(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}).problem());
    }

    @Test
    void passwordBytesAreMappedAndNormalised() throws Exception {
        assertArrayEquals(utf8("IX"), SaslPrep.preparePassword(utf8("I\u00ADX")));
        assertArrayEquals(utf8("IX"), SaslPrep.preparePassword(utf8("\u2168")));
        assertArrayEquals(utf8("\u00E9"), SaslPrep.preparePassword(utf8("e\u0301")));
    }

    @Test
    void passwordInputArrayIsNotChanged() throws Exception {
        byte[] in = utf8("p\u00E4ss\u00A0word");
        byte[] copy = in.clone();
        SaslPrep.preparePassword(in);
        assertArrayEquals(copy, in);
    }

    // Secrets stay out of messages.

    @ParameterizedTest
    @ValueSource(strings = {"secret\u0007pw", "secret\uE000pw", "\u0627secret", "secret\uD800pw", "secret\u2028pw"})
    void messageDoesNotContainTheInputOrTheCharacter(String input) {
        SaslPrepException e = refused(input);
        String m = e.getMessage();
        assertFalse(m.contains("secret"), m);
        assertFalse(m.contains("pw"), m);
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7F, "message has only printable ASCII: " + m);
        }
        assertTrue(m.startsWith("SASLprep: "), m);
        String bytesMessage = refusedBytes(utf8(input.replace('\uD800', '\u0007'))).getMessage();
        assertFalse(bytesMessage.contains("secret"), bytesMessage);
    }

    @Test
    void malformedUtf8MessageDoesNotContainTheInput() {
        byte[] in = {'s', 'e', 'c', 'r', 'e', 't', (byte) 0xC0, (byte) 0x80};
        String m = refusedBytes(in).getMessage();
        assertFalse(m.contains("secret"), m);
        assertEquals("SASLprep: malformed UTF-8 at position 6", m);
    }

    // The printable-ASCII fast path gives what the full procedure gives.

    @ParameterizedTest
    @ValueSource(strings = {"user", "USER", " ", "  leading and trailing  ", "pencil", "~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./",
            "0123456789", "IX", "a b", "Tr0ub4dor&3"})
    void fastPathEqualsFullProcedure(String ascii) throws Exception {
        assertEquals(SaslPrep.prepareFully(ascii), SaslPrep.prepare(ascii));
        byte[] b = utf8(ascii);
        byte[] fast = SaslPrep.preparePassword(b);
        assertArrayEquals(SaslPrep.preparePasswordFully(b), fast);
        assertArrayEquals(b, fast);
        assertNotSame(b, fast);
    }

    @Test
    void everyPrintableAsciiCharacterIsUnchangedByTheFullProcedure() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c <= 0x7E; c++) {
            all.append(c);
        }
        String s = all.toString();
        assertEquals(s, SaslPrep.prepareFully(s));
        assertArrayEquals(utf8(s), SaslPrep.preparePasswordFully(utf8(s)));
    }
}
