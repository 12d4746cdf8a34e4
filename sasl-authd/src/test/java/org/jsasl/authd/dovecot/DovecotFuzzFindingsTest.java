package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What DovecotAuthCommandFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
class DovecotFuzzFindingsTest {

    /**
     * Finding (not a product bug: the target expected "resp=" literally): a last parameter "resp"
     * without '=' is resp= with an empty value, as Dovecot's name/value split reads it: an empty
     * initial response from minor version 2 on, none before.
     */
    @Test
    void respWithoutEqualsIsAnEmptyResp() throws Exception {
        List<String> fields = List.of("2", "PLAIN", "service=smtp", "resp");
        assertEquals("", AuthCommand.parse(fields, 2).initialResponse());
        assertNull(AuthCommand.parse(fields, 1).initialResponse());
    }
}
