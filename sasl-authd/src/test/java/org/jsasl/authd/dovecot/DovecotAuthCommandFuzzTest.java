package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13) for {@code jsasl authd}'s Dovecot auth-client protocol: a fuzzed {@code AUTH}
 * line (split at TAB as the connection splits it) parses into a command whose id is the decimal id
 * field, whose mechanism and service are non-empty and TAB-unescaped, or is a {@link ProtocolError};
 * nothing else escapes.
 * Regression inputs: {@code src/test/resources/org/jsasl/authd/dovecot/DovecotAuthCommandFuzzTestInputs/}.
 */
class DovecotAuthCommandFuzzTest {

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void authCommand(FuzzedDataProvider data) {
        int minor = data.consumeInt(0, 3);
        String line = data.consumeRemainingAsString();
        List<String> fields = Arrays.asList(line.split("\t", -1));
        AuthCommand command;
        try {
            command = AuthCommand.parse(fields, minor);
        } catch (ProtocolError e) {
            assertNotNull(e.getMessage(), "a protocol error says why");
            return;
        }
        assertTrue(command.id() > 0 && command.id() <= 0xFFFF_FFFFL, "an id is an unsigned 32-bit number but 0");
        assertEquals(Long.toString(command.id()), fields.get(0).replaceFirst("^0+", ""), "the id is the first field");
        assertFalse(command.mechanism().isEmpty(), "a mechanism");
        assertEquals(TabEscape.unescape(fields.get(1)), command.mechanism());
        assertFalse(command.service().isEmpty(), "service= is mandatory");
        assertNotNull(command.localIp());
        assertNotNull(command.remoteIp());
        if (command.initialResponse() != null) {
            // "resp" without '=' is resp= with an empty value, as Dovecot reads it (a finding).
            String last = TabEscape.unescape(fields.get(fields.size() - 1));
            assertTrue(last.startsWith("resp=") || last.equals("resp"),
                    "an initial response comes from the last field, resp=");
        }
    }
}
