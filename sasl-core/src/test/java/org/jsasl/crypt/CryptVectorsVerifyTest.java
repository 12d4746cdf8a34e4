package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every libxcrypt-made vector of the DES family, NT and the native-only families gives exactly the
 * stored hash through the Java implementation (where there is one) and through libxcrypt via JNA;
 * a password with one bit flipped does not; every setting libxcrypt refuses is refused.
 */
class CryptVectorsVerifyTest {

    private static final Set<String> FORMATS = Set.of(
            "des", "bsdi", "nt", "yescrypt", "gost-yescrypt", "scrypt", "sunmd5", "sha1crypt");

    private static final Map<String, CryptAlgorithm> JAVA = Map.of(
            "des", new DesCrypt(), "bsdi", new BsdiCrypt(), "nt", new NtHash());

    private static final Map<String, NativeCrypt> NATIVE = Map.of(
            "yescrypt", NativeCrypt.yescrypt(), "gost-yescrypt", NativeCrypt.gostYescrypt(),
            "scrypt", NativeCrypt.scrypt(), "sunmd5", NativeCrypt.sunmd5(), "sha1crypt", NativeCrypt.sha1crypt());

    /** One row of crypt-vectors.tsv. toString shows the format and hash only, for the test report. */
    private record Vector(String format, byte[] password, String hash, String note) {
        @Override
        public String toString() {
            return format + " " + hash + (note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    /** One row of crypt-rejected-settings.tsv. */
    private record Rejected(String format, byte[] password, String setting, String note) {
        @Override
        public String toString() {
            return format + " '" + setting + "' (" + note + ")";
        }
    }

    static Stream<Arguments> javaVectors() {
        return vectors().stream().filter(v -> JAVA.containsKey(v.format())).map(Arguments::of);
    }

    static Stream<Arguments> allVectors() {
        return vectors().stream().map(Arguments::of);
    }

    static Stream<Arguments> nativeVectors() {
        return vectors().stream().filter(v -> NATIVE.containsKey(v.format())).map(Arguments::of);
    }

    static Stream<Arguments> rejectedSettings() {
        return rejected().stream().map(Arguments::of);
    }

    @Test
    void theFileHasEveryFormatOfThisBranch() {
        Map<String, Long> counts = vectors().stream()
                .collect(java.util.stream.Collectors.groupingBy(Vector::format, java.util.stream.Collectors.counting()));
        assertEquals(FORMATS, counts.keySet());
        assertEquals(18, counts.get("des"));
        assertEquals(16, counts.get("bsdi"));
        assertEquals(12, counts.get("nt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaVectors")
    void javaGivesTheStoredHash(Vector v) throws InvalidSettingException {
        CryptAlgorithm java = JAVA.get(v.format());
        assertEquals(CryptPath.JAVA, java.path());
        assertTrue(java.handles(v.hash()));
        byte[] password = v.password().clone();
        assertEquals(v.hash(), java.crypt(password, v.hash()));
        assertNotEquals(v.hash(), java.crypt(flipped(v.password()), v.hash()));
        assertEquals(HexFormat.of().formatHex(v.password()), HexFormat.of().formatHex(password),
                "the caller's array is unchanged");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allVectors")
    void libxcryptGivesTheStoredHash(Vector v) throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable(), "libxcrypt is not installed here");
        NativeCrypt any = NativeCrypt.any();
        assertEquals(v.hash(), any.crypt(v.password(), v.hash()));
        assertNotEquals(v.hash(), any.crypt(flipped(v.password()), v.hash()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeVectors")
    void theFamilysOwnNativeInstanceGivesTheStoredHash(Vector v) throws InvalidSettingException {
        NativeCrypt family = NATIVE.get(v.format());
        assumeTrue(family.isAvailable(), "this libxcrypt lacks " + v.format());
        assertTrue(family.handles(v.hash()));
        assertEquals(v.hash(), family.crypt(v.password(), v.hash()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedSettings")
    void refusedSettingsAreRefused(Rejected r) {
        CryptAlgorithm java = JAVA.get(r.format());
        if (java != null) {
            assertThrows(InvalidSettingException.class, () -> java.crypt(r.password(), r.setting()));
        }
        NativeCrypt family = NATIVE.get(r.format());
        if (family != null && family.isAvailable()) {
            assertThrows(InvalidSettingException.class, () -> family.crypt(r.password(), r.setting()));
        }
        if (Libxcrypt.system().isAvailable()) {
            assertThrows(InvalidSettingException.class, () -> NativeCrypt.any().crypt(r.password(), r.setting()));
        }
    }

    @Test
    void theRefusedSettingsIncludeOnesOfTheJavaFormats() {
        List<Rejected> rows = rejected();
        assertTrue(rows.stream().filter(r -> r.format().equals("des")).count() >= 7);
        assertTrue(rows.stream().anyMatch(r -> r.format().equals("bsdi")));
        assertFalse(rows.isEmpty());
    }

    /** The password with bit 1 of its first byte flipped (or one byte when empty): a bit every format keys on. */
    private static byte[] flipped(byte[] password) {
        if (password.length == 0) {
            return new byte[] {'a'};
        }
        byte[] copy = password.clone();
        copy[0] ^= 0x02;
        return copy;
    }

    private static List<Vector> vectors() {
        List<Vector> out = new ArrayList<>();
        for (String[] f : rows("/crypt/crypt-vectors.tsv")) {
            if (FORMATS.contains(f[0])) {
                out.add(new Vector(f[0], password(f[1]), f[2], f.length > 3 ? f[3] : ""));
            }
        }
        return out;
    }

    private static List<Rejected> rejected() {
        List<Rejected> out = new ArrayList<>();
        for (String[] f : rows("/crypt/crypt-rejected-settings.tsv")) {
            out.add(new Rejected(f[0], password(f[1]), unescape(f[2]), f.length > 4 ? f[4] : ""));
        }
        return out;
    }

    /** Tab-separated rows, skipping comments; empty fields are kept (an empty password is a real vector). */
    private static List<String[]> rows(String resource) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = CryptVectorsVerifyTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Printable ASCII as written, or {@code hex:} and the raw bytes. */
    private static byte[] password(String field) {
        return field.startsWith("hex:")
                ? HexFormat.of().parseHex(field.substring(4))
                : field.getBytes(StandardCharsets.US_ASCII);
    }

    /** Settings write a byte outside printable ASCII as {@code \xNN}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            if (field.startsWith("\\x", i) && i + 4 <= field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.append(field.charAt(i));
            }
        }
        return out.toString();
    }
}
