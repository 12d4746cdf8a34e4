package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A UTF-8 password reaches libxcrypt as its bytes even in a JVM whose every encoding is ASCII
 * ({@code LANG=C}, {@code file.encoding} and {@code sun.jnu.encoding} ANSI_X3.4-1968), where JNA's
 * String mapping would turn "pässwörd" into "p?ssw?rd". The child JVM is started here, independent
 * of how surefire runs the tests.
 */
class NonAsciiPasswordUnderAsciiLocaleTest {

    private static final byte[] PASSWORD = "p\u00e4ssw\u00f6rd".getBytes(StandardCharsets.UTF_8);

    /** libxcrypt's hashes of "pässwörd" from crypt-vectors.tsv. */
    private static final List<String> VECTORS = List.of(
            "$gy$j9T$MSY1Lq0sKuhrYuoB2sx/9r0c3Ek26eDsW1ihvylHgjC$umcGXgSp6IuPA8iV9pz9ERm8SuLO8VkPHix3mVjwwq7",
            "$7$CU..../....r85yP4ij82x7QRuZYYglpsh.XrC9zmPpBQz4pfDqTv6$X4cFk0ihtMV5WcE7shINZ49hbWnFNLru0O/l3qM.IyB",
            "$md5,rounds=64821$wrjb6TwI$$OAw5sagWlgdNgKq.wcxqi/",
            "$sha1$234992$mLELKNmTGFSMWW2DLsZI4hXugpUXXUHVtMsq$FKvsBSlL.VKSPbbH3OHr6EcKX5Ut");

    /** Settings whose expected hash this JVM computes: the Java formats and yescrypt. */
    private static final List<String> COMPUTED = List.of(
            "ab", "_J9..abcd", "$3$", "$y$j9T$r9HXbOpBFUt65qpLQViCfaUTQxttUQD8y9RNkJRGFhB$");

    @Test
    void aChildJvmUnderLangCHashesTheUtf8Bytes() throws Exception {
        assumeTrue(Libxcrypt.system().isAvailable(), "libxcrypt is not installed here");
        List<String> settings = new ArrayList<>(VECTORS);
        settings.addAll(COMPUTED);
        Map<String, String> output = runProbe(settings);

        // The child really ran with ASCII encodings, or this test would prove nothing.
        assertTrue(output.get("native.encoding").matches("(?i)ANSI_X3\\.4-1968|US-ASCII"), output.toString());
        assertTrue(output.get("file.encoding").matches("(?i)ANSI_X3\\.4-1968|US-ASCII"), output.toString());
        assertEquals("US-ASCII", output.get("defaultCharset"));
        assertEquals("true", output.get("available"));

        for (String hash : VECTORS) {
            assertEquals(hash, output.get("libxcrypt\t" + hash), "libxcrypt in the child");
        }
        for (String setting : COMPUTED) {
            String expected = Libxcrypt.system().crypt(PASSWORD, setting);
            assertEquals(expected, output.get("libxcrypt\t" + setting), "libxcrypt in the child, " + setting);
            // What the String mapping would have hashed: "p?ssw?rd".
            assertNotEquals(Libxcrypt.system().crypt("p?ssw?rd".getBytes(StandardCharsets.US_ASCII), setting), expected);
        }
        for (String setting : List.of("ab", "_J9..abcd", "$3$")) {
            assertEquals(Libxcrypt.system().crypt(PASSWORD, setting), output.get("java\t" + setting), "Java in the child");
        }
    }

    private static Map<String, String> runProbe(List<String> settings) throws IOException, InterruptedException {
        return ChildJvm.run(ChildJvm.testClassPath(),
                List.of("-Dfile.encoding=ANSI_X3.4-1968", "-Dsun.jnu.encoding=ANSI_X3.4-1968"),
                NonAsciiPasswordProbe.class, settings);
    }
}
