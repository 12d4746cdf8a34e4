package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}
