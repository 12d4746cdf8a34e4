package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The base64 the server accepts, after the table of what Dovecot 2.3's decoder accepts (§7). */
class StrictBase64Test {

    @Test
    void canonicalBase64AndTheLoneEqualsSignAreAccepted() {
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), StrictBase64.decode("YWJj"));
        assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), StrictBase64.decode("YQ=="));
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), StrictBase64.decode("YWI="));
        assertArrayEquals(new byte[0], StrictBase64.decode("="));
        assertArrayEquals(new byte[0], StrictBase64.decode(""));
    }

    @Test
    void missingPaddingDataAfterPaddingUrlAlphabetAndTripleEqualsAreRejected() {
        assertNull(StrictBase64.decode("YQ"));          // missing padding
        assertNull(StrictBase64.decode("YWJj="));       // Postfix passes it, Dovecot refuses it
        assertNull(StrictBase64.decode("YQ==YWJj"));    // data after the padding
        assertNull(StrictBase64.decode("YQ=a"));
        assertNull(StrictBase64.decode("-_-_"));        // URL-safe alphabet
        assertNull(StrictBase64.decode("Y==="));
        assertNull(StrictBase64.decode("YW Jj"));       // Dovecot skips whitespace; Postfix never sends it
    }
}
