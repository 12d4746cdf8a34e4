package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The JNA binding finds libxcrypt where it is installed, degrades to "not available" where it is not, and is safe under threads. */
class LibxcryptTest {

    private static final String YESCRYPT_PASSWORD_HASH =
            "$y$j9T$r9HXbOpBFUt65qpLQViCfaUTQxttUQD8y9RNkJRGFhB$wIAWU/qw82mzOC1iB5TeIwua3NiKTxD0aVIMN/mZBwC";

    @Test
    void isAvailableWhereLibcryptIsInstalled() {
        assumeTrue(libcryptInstalled(), "no libcrypt.so.1 on this machine");
        Libxcrypt system = Libxcrypt.system();
        assertTrue(system.isAvailable(), () -> "not available: " + system.unavailableReason().orElse(""));
        assertTrue(system.unavailableReason().isEmpty());
        assertTrue(system.toString().contains("available"));
    }

    @Test
    void aMissingLibraryIsNotAvailableAndNothingThrowsUntilYouCallIt() {
        Libxcrypt missing = new Libxcrypt("libjsasl-no-such-library.so.9");
        assertFalse(missing.isAvailable());
        assertTrue(missing.unavailableReason().isPresent());
        assertFalse(missing.supports("$y$"));
        assertThrows(IllegalStateException.class, () -> missing.crypt(ascii("password"), "ab"));
        assertThrows(IllegalStateException.class, () -> missing.gensalt("$y$", 0, null));
        NativeCrypt family = new NativeCrypt("yescrypt", "$y$", missing);
        assertFalse(family.isAvailable());
        assertThrows(IllegalStateException.class, () -> family.crypt(ascii("password"), YESCRYPT_PASSWORD_HASH));
    }

    @Test
    void aLibraryWithoutTheSymbolsIsNotAvailable() {
        assumeTrue(Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6")) || Files.exists(Path.of("/lib64/libc.so.6"))
                || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6")), "no glibc to borrow");
        // glibc loads fine but, since libxcrypt took over, has no crypt_rn.
        Libxcrypt libc = new Libxcrypt("libc.so.6");
        assertFalse(libc.isAvailable());
        assertTrue(libc.unavailableReason().orElseThrow().contains("crypt_"), libc.unavailableReason().orElseThrow());
    }

    @Test
    void theSystemLibraryStillWorksAfterFailedProbes() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable());
        new Libxcrypt("libjsasl-no-such-library.so.9");
        assertEquals(YESCRYPT_PASSWORD_HASH, Libxcrypt.system().crypt(ascii("password"), YESCRYPT_PASSWORD_HASH));
        assertTrue(new Libxcrypt(Libxcrypt.LIBRARY_NAME).isAvailable(), "binding the same library twice is fine");
    }

    @Test
    void passwordsCIsNotGivenAreRefusedInJava() {
        assumeTrue(Libxcrypt.system().isAvailable());
        // C would stop at the NUL and hash "qzx7": refuse instead.
        InvalidSettingException nul = assertThrows(InvalidSettingException.class,
                () -> Libxcrypt.system().crypt(new byte[] {'q', 'z', 'x', '7', 0, 'w'}, "ab"));
        assertFalse(nul.getMessage().contains("qzx7"));
        assertThrows(InvalidSettingException.class, () -> Libxcrypt.system().crypt(ascii("x".repeat(512)), "ab"));
    }

    @Test
    void refusalsAreInvalidSettingExceptions() {
        assumeTrue(Libxcrypt.system().isAvailable());
        for (String setting : new String[] {"", "$9$abc", "$y$", "_J9..ab", "$md5,rounds=0$0X59A5ZH$", "a b", "\u00e9a"}) {
            assertThrows(InvalidSettingException.class, () -> Libxcrypt.system().crypt(ascii("password"), setting), setting);
        }
    }

    @Test
    void theCallersArrayIsUnchanged() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable());
        byte[] password = ascii("password");
        Libxcrypt.system().crypt(password, YESCRYPT_PASSWORD_HASH);
        assertArrayEquals(ascii("password"), password);
    }

    @Test
    void longSettingsThatDoNotFitTheCryptDataFieldStillWork() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable());
        // DES reads two salt characters of any setting; the rest can be as long as it likes.
        assertEquals("abJnggxhB/yWI", Libxcrypt.system().crypt(ascii("password"), "ab" + "x".repeat(1000)));
    }

    @Test
    void supportsNamesTheFamiliesThisLibxcryptKnows() {
        assumeTrue(Libxcrypt.system().isAvailable());
        Libxcrypt system = Libxcrypt.system();
        for (String prefix : new String[] {"$y$", "$gy$", "$7$", "$md5", "$sha1", "$2b$", "$6$", "$1$", "$3$", "_", "ab"}) {
            assertTrue(system.supports(prefix), prefix);
        }
        for (String prefix : new String[] {"", "$9$", "$apr1$", "a:b", "*"}) {
            assertFalse(system.supports(prefix), prefix);
        }
    }

    @Test
    void gensaltMakesSettingsThatHash() throws InvalidSettingException {
        assumeTrue(Libxcrypt.system().isAvailable());
        Libxcrypt system = Libxcrypt.system();
        String setting = system.gensalt("$y$", 0, null);
        assertTrue(setting.startsWith("$y$j9T$"), setting);
        String hash = system.crypt(ascii("password"), setting);
        assertTrue(hash.startsWith(setting), hash);
        assertEquals(hash, system.crypt(ascii("password"), hash));
        assertTrue(system.gensalt(null, 0, null).startsWith("$y$"), "libxcrypt's preferred family");
        byte[] random = new byte[16];
        assertEquals(system.gensalt("$2b$", 5, random), system.gensalt("$2b$", 5, random));
        assertTrue(system.gensalt("$2b$", 5, random).startsWith("$2b$05$"));
        assertThrows(InvalidSettingException.class, () -> system.gensalt("$9$", 0, null));
        assertThrows(InvalidSettingException.class, () -> system.gensalt("$2b$", 99, null));
        assertThrows(IllegalArgumentException.class, () -> system.gensalt("$y$", -1, null));
    }

    @Test
    void fourThreadsAtOnceGetTheRightHashes() throws Exception {
        assumeTrue(Libxcrypt.system().isAvailable());
        Libxcrypt system = Libxcrypt.system();
        String[] settings = {"ab", "_J9..abcd", "$3$", "$1$abcdefgh$", "$5$saltsalt$", "$md5,rounds=100$g2Z3BytI$", "$2b$04$abcdefghijklmnopqrstuu"};
        int threads = 4;
        int perThread = 60;
        // Every thread hashes its own passwords, so a result computed into another thread's buffer would show.
        String[][] expected = new String[threads][perThread];
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expected[t][i] = system.crypt(password(t, i), settings[i % settings.length]);
            }
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Integer> work = () -> {
                    start.await(30, TimeUnit.SECONDS);
                    int checked = 0;
                    for (int round = 0; round < 3; round++) {
                        for (int i = 0; i < perThread; i++) {
                            assertEquals(expected[thread][i], system.crypt(password(thread, i), settings[i % settings.length]));
                            checked++;
                        }
                        assertEquals(YESCRYPT_PASSWORD_HASH, system.crypt(ascii("password"), YESCRYPT_PASSWORD_HASH));
                    }
                    return checked;
                };
                results.add(pool.submit(work));
            }
            for (Future<Integer> result : results) {
                assertEquals(3 * perThread, result.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertNotEquals(expected[0][0], expected[1][0]);
    }

    private static byte[] password(int thread, int i) {
        return ascii("thread-" + thread + "-password-" + i);
    }

    /** Where distributions put the shared library; the test of availability only makes sense where it is. */
    private static boolean libcryptInstalled() {
        return Stream.of("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu")
                .anyMatch(dir -> Files.exists(Path.of(dir, Libxcrypt.LIBRARY_NAME)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
