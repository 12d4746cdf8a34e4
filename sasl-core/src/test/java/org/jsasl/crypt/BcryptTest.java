package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class BcryptTest {

    private static final Bcrypt BCRYPT = new Bcrypt();

    /** One row of crypt-vectors.tsv (own small reader, see the class comment of the shared one). */
    private record Vector(String format, byte[] password, String hash, String label) {
        int cost() {
            return Integer.parseInt(hash.substring(4, 6));
        }
    }

    /** One row of crypt-rejected-settings.tsv. */
    private record Rejected(String format, byte[] password, String setting) {
    }

    private static List<String[]> rows(String resource) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = BcryptTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static byte[] password(String field) {
        return field.startsWith("hex:") ? HexFormat.of().parseHex(field.substring(4))
                : field.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Vector> bcryptVectors() {
        List<Vector> vectors = new ArrayList<>();
        for (String[] row : rows("/crypt/crypt-vectors.tsv")) {
            if (row[0].startsWith("bcrypt")) {
                String label = row[0] + " " + (row[1].length() > 24 ? row[1].substring(0, 24) + "..." : row[1])
                        + " (" + password(row[1]).length + " bytes) " + row[2].substring(0, 7);
                vectors.add(new Vector(row[0], password(row[1]), row[2], label));
            }
        }
        return vectors;
    }

    private static List<Rejected> rejectedBcryptSettings() {
        List<Rejected> rejected = new ArrayList<>();
        for (String[] row : rows("/crypt/crypt-rejected-settings.tsv")) {
            if (row[0].startsWith("bcrypt")) {
                rejected.add(new Rejected(row[0], password(row[1]), row[2]));
            }
        }
        return rejected;
    }

    private static String crypt(byte[] password, String setting) {
        try {
            return BCRYPT.crypt(password, setting);
        } catch (InvalidSettingException e) {
            throw new AssertionError("refused " + setting + ": " + e.getMessage(), e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void vectorFileHasEveryVariant() {
        List<Vector> vectors = bcryptVectors();
        assertEquals(24, vectors.stream().filter(v -> v.format().equals("bcrypt2b")).count());
        assertEquals(23, vectors.stream().filter(v -> v.format().equals("bcrypt2a")).count());
        assertEquals(23, vectors.stream().filter(v -> v.format().equals("bcrypt2y")).count());
        assertEquals(21, vectors.stream().filter(v -> v.format().equals("bcrypt2x")).count());
        assertEquals(6, rejectedBcryptSettings().size());
    }

    @TestFactory
    Stream<DynamicTest> everyVectorVerifiesAndLeavesThePasswordAlone() {
        return bcryptVectors().stream().map(v -> dynamicTest(v.label(), () -> {
            byte[] password = v.password().clone();
            assertEquals(v.hash(), crypt(password, v.hash()));
            assertArrayEquals(v.password(), password, "the caller's password was modified");
        }));
    }

    /**
     * Flipping the lowest bit of the first byte, or of the last byte bcrypt uses, must change the
     * hash, except where the {@code $2x$} sign-extension bug itself maps both passwords to the same
     * key: a byte >= 0x80 wipes out the bytes packed before it in the same word. There libxcrypt
     * gives the same hash too, and so must we; which rows those are is computed from the key
     * words, and libxcrypt 4.4.33 (checked through crypt_rn when the vectors were made) collides on
     * exactly three of them, all first-byte flips.
     */
    @TestFactory
    Stream<DynamicTest> aFlippedBitGivesAnotherHashUnlessTheTwoXBugMakesTheKeysEqual() {
        int[] collisions = {0};
        Stream<DynamicTest> perVector = bcryptVectors().stream().map(v -> dynamicTest(v.label(), () -> {
            byte[] password = v.password().length == 0 ? new byte[] {'a'} : v.password();
            int lastUsed = Math.min(password.length, BcryptKey.KEY_BYTES) - 1;
            for (int at : new int[] {0, lastUsed}) {
                byte[] flipped = password.clone();
                flipped[at] ^= 1;
                BcryptVariant variant = BcryptVariant.forLetter(v.hash().charAt(2));
                boolean sameKey = sameKeyWords(password, flipped, variant);
                String result = crypt(flipped, v.hash());
                if (sameKey && v.password().length > 0) {
                    assertEquals("bcrypt2x", v.format(), "only the $2x$ bug makes keys collide");
                    assertEquals(v.hash(), result, "the same key must give the same hash");
                    collisions[0]++;
                } else {
                    assertNotEquals(v.hash(), result, "byte " + at + " flipped");
                }
            }
        }));
        DynamicTest count = dynamicTest("$2x$ collisions match libxcrypt's",
                () -> assertEquals(3, collisions[0]));
        return Stream.concat(perVector, Stream.of(count));
    }

    private static boolean sameKeyWords(byte[] a, byte[] b, BcryptVariant variant) {
        BcryptKey ka = BcryptKey.derive(a, a.length, variant);
        BcryptKey kb = BcryptKey.derive(b, b.length, variant);
        return Arrays.equals(ka.expanded(), kb.expanded()) && Arrays.equals(ka.initial(), kb.initial());
    }

    @TestFactory
    Stream<DynamicTest> everyRejectedSettingThrowsInvalidSettingException() {
        return rejectedBcryptSettings().stream().map(r -> dynamicTest(r.setting(), () -> {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> BCRYPT.crypt(r.password(), r.setting()));
            assertFalse(e.getMessage().contains(new String(r.password(), StandardCharsets.ISO_8859_1)));
        }));
    }

    /** More settings crypt_rn refuses, found by asking libxcrypt 4.4.33. */
    @TestFactory
    Stream<DynamicTest> settingsLibxcryptRefuses() {
        String salt = "abcdefghijklmnopqrstuu";
        return Stream.of(
                "$2b$04$" + salt + "!", "$2b$04$" + salt + ":", "$2b$04$" + salt + " ", "$2b$04$" + salt + "\u0080",
                "$2b$04$" + salt + "\\", "$2b$04$" + salt + ";", "$2b$04$" + salt + "*", "$2b$04$" + salt + "\u007f",
                "$2b$04$" + salt + "\u00e9", "$2b$04$abcdefghijklmnopqrst$u", "$2b$04$abcdefghijklmnopqrst-u",
                "$2b$4a$" + salt, "$2b$40$" + salt, "$2b$0a$" + salt, "$2b$-4$" + salt, "$2b$ 4$" + salt,
                "$2b$04x" + salt, "$2b$04" + salt, "$2b$04$", "$2b$31$", "$2B$04$" + salt, "$2bb$04$" + salt,
                "$2$04$" + salt, "$2b$00$" + salt, "$2b$99$" + salt, "", "$", "$2", "$2b", "$2b$", "$2b$0",
                "$2b$04$abcdefghij\u0000klmnopqrstuu")
                .map(setting -> dynamicTest("[" + setting.replace("\u0000", "\\0") + "]", () -> assertThrows(
                        InvalidSettingException.class, () -> BCRYPT.crypt(ascii("password"), setting))));
    }

    @Test
    void nullSettingIsRefused() {
        assertThrows(InvalidSettingException.class, () -> BCRYPT.crypt(ascii("password"), null));
    }

    /** What follows the 22 salt characters is ignored, as long as it passes libxcrypt's character check. */
    @Test
    void trailingCharactersAreIgnored() {
        String expected = "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm";
        for (String tail : new String[] {"", "x", "$", "-", "_", "ughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
                "ughE8Ev8uGFaUgY2cNEySvxngrb/Jzdmzzzzzzzzzzzzzzzzzzzz", "\u0000 junk after C's end"}) {
            assertEquals(expected, crypt(ascii("password"), "$2b$04$abcdefghijklmnopqrstuu" + tail), tail);
        }
    }

    /**
     * The last salt character carries 2 bits; libxcrypt ignores its other 4 and writes the
     * canonical character back (results from crypt_rn).
     */
    @Test
    void nonCanonicalLastSaltCharacterIsCanonicalised() {
        String base = "$2b$04$abcdefghijklmnopqrstu";
        String[][] groups = {
            {"./ABCDEFGHIJKLMN", "$2b$04$abcdefghijklmnopqrstu.utqifOaYVU3C7488gLW7DiF2.D.avTW"},
            {"OPQRSTUVWXYZabcd", "$2b$04$abcdefghijklmnopqrstuO4AOnP3zfFcpmWIoCIMUSJaOLB2fPcEO"},
            {"efghijklmnopqrst", "$2b$04$abcdefghijklmnopqrstueTMlumt3iwBhrKFf/p3i87yEmY4xqCBa"},
            {"uvwxyz0123456789", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"},
        };
        for (String[] group : groups) {
            for (char last : group[0].toCharArray()) {
                assertEquals(group[1], crypt(ascii("password"), base + last), "last salt character " + last);
            }
        }
    }

    @Test
    void everyVariantKeepsItsPrefix() {
        String salt = "abcdefghijklmnopqrstuu";
        for (String prefix : new String[] {"$2a$", "$2x$", "$2y$"}) {
            assertEquals(prefix + "04$" + salt + "ghE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
                    crypt(ascii("password"), prefix + "04$" + salt));
        }
        String hash = crypt(ascii("password"), "$2y$05$" + salt);
        assertEquals(Bcrypt.HASH_LENGTH, hash.length());
        assertEquals(60, hash.length());
    }

    /** The key is the password and its NUL, cut at 72 bytes: byte 73 and beyond never count. */
    @Test
    void onlyTheFirst72BytesCount() {
        String setting = "$2b$04$abcdefghijklmnopqrstuu";
        byte[] p72 = new byte[72];
        Arrays.fill(p72, (byte) 'x');
        String h72 = crypt(p72, setting);
        for (int extra : new int[] {1, 2, 100, 439}) {
            byte[] longer = Arrays.copyOf(p72, 72 + extra);
            Arrays.fill(longer, 72, longer.length, (byte) 'y');
            assertEquals(h72, crypt(longer, setting), "72 + " + extra + " bytes");
        }
        // 71 bytes leave room for the NUL in the key; 72 bytes do not, and differ.
        assertNotEquals(h72, crypt(Arrays.copyOf(p72, 71), setting));
        byte[] changed72 = p72.clone();
        changed72[71] = 'y';
        assertNotEquals(h72, crypt(changed72, setting));
    }

    /** C sees the password up to its first NUL. */
    @Test
    void aNulEndsThePassword() {
        String setting = "$2b$04$abcdefghijklmnopqrstuu";
        assertEquals(crypt(ascii("pass"), setting), crypt(ascii("pass\0word"), setting));
        assertEquals(crypt(new byte[0], setting), crypt(new byte[] {0, 'x'}, setting));
    }

    /** libxcrypt refuses passphrases of 512 bytes or more (511: result from crypt_rn). */
    @Test
    void passphrasesOf512BytesOrMoreAreRefused() throws Exception {
        String setting = "$2b$04$abcdefghijklmnopqrstuu";
        byte[] p511 = new byte[511];
        Arrays.fill(p511, (byte) 'a');
        assertEquals("$2b$04$abcdefghijklmnopqrstuuBzzIgyKkz7xMWYSzkIjUSnxEQFQ0WNe", BCRYPT.crypt(p511, setting));
        byte[] p512 = Arrays.copyOf(p511, 512);
        p512[511] = 'a';
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> BCRYPT.crypt(p512, setting));
        assertFalse(e.getMessage().contains("aaaa"));
        // A NUL within the first 511 bytes ends the C string, so the rest does not count.
        byte[] withNul = new byte[1000];
        Arrays.fill(withNul, (byte) 'a');
        withNul[511] = 0;
        assertEquals("$2b$04$abcdefghijklmnopqrstuuBzzIgyKkz7xMWYSzkIjUSnxEQFQ0WNe", BCRYPT.crypt(withNul, setting));
    }

    @Test
    void identity() {
        assertEquals("bcrypt", BCRYPT.name());
        assertEquals(CryptPath.JAVA, BCRYPT.path());
        for (String s : new String[] {"$2a$05$x", "$2b$", "$2x$05$", "$2y$10$abc"}) {
            assertTrue(BCRYPT.handles(s), s);
        }
        for (String s : new String[] {"$2c$05$x", "$2$05$", "$2", "$1$abc", "$6$x", "", "ab", "$2B$05$"}) {
            assertFalse(BCRYPT.handles(s), s);
        }
        assertFalse(BCRYPT.handles(null));
    }

    @Test
    void fourThreadsGiveTheSameResults() throws Exception {
        List<Vector> cheap = bcryptVectors().stream().filter(v -> v.cost() <= 5).toList();
        List<String> expected = cheap.stream().map(Vector::hash).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    // Each thread walks the vectors from a different starting point so that
                    // different computations overlap.
                    String[] out = new String[cheap.size()];
                    for (int k = 0; k < cheap.size(); k++) {
                        int i = (k + offset * 7) % cheap.size();
                        out[i] = BCRYPT.crypt(cheap.get(i).password(), cheap.get(i).hash());
                    }
                    return List.of(out);
                }));
            }
            for (Future<List<String>> result : results) {
                List<String> got = result.get();
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i), got.get(i), cheap.get(i).label());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
