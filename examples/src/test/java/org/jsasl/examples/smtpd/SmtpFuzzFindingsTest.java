package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What SmtpLineReaderFuzzTest and MainCfFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
class SmtpFuzzFindingsTest {

    private static SmtpLineReader reader(String s) {
        return new SmtpLineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Finding (fixed): the reader keeps max + 1 bytes, room for the CR of a maximal CRLF line, and a
     * line of max + 1 bytes ended by a bare LF came back whole, one byte over line_length_limit.
     */
    @Test
    void aBareLfLineOneByteOverTheLimitIsTooLong() throws Exception {
        SmtpLineReader in = reader("0123456789A\n0123456789\r\n0123456789\nnext\r\n");
        assertThrows(SmtpLineReader.LineTooLongException.class, () -> in.readLine(10));
        assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), in.readLine(10), "CRLF line of max bytes");
        assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), in.readLine(10), "LF line of max bytes");
        assertArrayEquals("next".getBytes(StandardCharsets.US_ASCII), in.readLine(10), "reading goes on");
        assertNull(in.readLine(10));
    }

    /**
     * Finding (fixed): a NUL in a path option (here smtpd_tls_cert_file) escaped as the JDK's
     * InvalidPathException, "Nul character not allowed: ...", naming neither main.cf nor the key.
     */
    @Test
    void aPathWithANulNamesMainCfAndTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse("smtpd_tls_cert_file = c\0ert.pem\n", Path.of("target")));
        assertEquals("main.cf: smtpd_tls_cert_file is not a valid path (Nul character not allowed)", e.getMessage());
        IllegalArgumentException sasl = assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse("cyrus_sasl_config_path = /etc/\0sasl2\n", Path.of("target")));
        assertEquals("main.cf: cyrus_sasl_config_path or smtpd_sasl_path is not a valid path (Nul character not allowed)",
                sasl.getMessage());
    }

    /** A main.cf whose key k0 refers {@code fan} times to k1, k1 to k2, ... down to k{depth}. */
    static String nested(int fan, int depth, String leaf) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append('k').append(i).append(" =");
            for (int j = 0; j < fan; j++) {
                sb.append(" $k").append(i + 1);
            }
            sb.append('\n');
        }
        return sb.append('k').append(depth).append(" = ").append(leaf).append("\nmyhostname = $k0\n").toString();
    }

    /**
     * Found while writing MainCfFuzzTest (by reading, then confirmed: a 350-byte file ran a 512 MB
     * heap out of memory in 14 s), fixed: $name references nest 20 deep, so 14 levels of four
     * references expand to 4^14 characters, and with an empty leaf to 4^14 references and nothing.
     * One value's expansion is now bounded in characters and in references.
     */
    @Test
    void nestedReferencesCannotExpandWithoutBound() {
        IllegalArgumentException big = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                IllegalArgumentException.class, () -> MainCf.parse(nested(4, 14, "x"), Path.of("target"))));
        assertEquals("main.cf: myhostname: $name references expand to more than 100000 references or 1048576 characters",
                big.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse(nested(10, 19, ""), Path.of("target"))));
        assertEquals(1 << 12, MainCf.parse(nested(2, 12, "x"), Path.of("target")).myhostname().replace(" ", "").length(),
                "a modest nesting still expands");
    }

    /**
     * Finding (fixed): {@code cyrus_sasl_config_path = :} split into no directory at all, and the
     * first one was read anyway: an ArrayIndexOutOfBoundsException out of MainCf.parse. Empty
     * entries now name no directory, and none left is the main.cf directory, as an empty value.
     */
    @Test
    void aConfigPathOfOnlyColonsIsTheMainCfDirectory() {
        Path dir = Path.of("target").toAbsolutePath();
        assertEquals(dir.resolve("smtpd.conf"), MainCf.parse("cyrus_sasl_config_path = :\n", dir).saslConfigFile());
        assertEquals(dir.resolve("sasl2/smtpd.conf"),
                MainCf.parse("cyrus_sasl_config_path = ::sasl2:\n", dir).saslConfigFile());
    }
}
