package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets (issue 13) for the Dovecot auth-client protocol parser of {@code jsasl authd}:
 * <ul>
 *   <li>{@link #authCommand}: a fuzzed {@code AUTH} line (split at TAB as the connection splits it)
 *       parses into a command whose id is the decimal id field, whose mechanism and service are
 *       non-empty and TAB-unescaped, or is a {@link ProtocolError}; nothing else escapes;</li>
 *   <li>{@link #strictBase64}: {@link StrictBase64#decode} agrees with {@link Base64}'s decoder on
 *       padded standard base64 and returns null for everything else (never an exception), and
 *       {@link StrictBase64#encode} round-trips;</li>
 *   <li>{@link #tabEscape}: {@link TabEscape#escape} leaves no NUL, TAB, CR or LF and only known
 *       escapes, and {@link TabEscape#unescape} undoes it.</li>
 * </ul>
 * Regression inputs: {@code src/test/resources/org/jsasl/authd/dovecot/DovecotProtocolFuzzTestInputs/}.
 */
class DovecotProtocolFuzzTest {

    /** Padded standard base64 as RFC 4648 §4 writes it, and the lone "=" of RFC 4954. */
    static final Pattern PADDED_BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

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

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void strictBase64(FuzzedDataProvider data) {
        boolean encodeFirst = data.consumeBoolean();
        if (encodeFirst) {
            byte[] bytes = data.consumeRemainingAsBytes();
            String text = StrictBase64.encode(bytes);
            assertEquals(bytes.length == 0 ? "" : Base64.getEncoder().encodeToString(bytes), text);
            assertArrayEquals(bytes, StrictBase64.decode(text), "decode undoes encode");
            return;
        }
        String text = data.consumeRemainingAsString();
        byte[] decoded = StrictBase64.decode(text);
        if (text.isEmpty() || text.equals("=")) {
            assertArrayEquals(new byte[0], decoded, "empty and '=' are the empty response");
            return;
        }
        if (!PADDED_BASE64.matcher(text).matches()) {
            assertNull(decoded, "not padded standard base64: refused");
            return;
        }
        // The JDK decoder accepts every padded base64 string (it ignores non-zero trailing bits).
        assertArrayEquals(Base64.getDecoder().decode(text), decoded, "the JDK's reading of padded base64");
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void tabEscape(FuzzedDataProvider data) {
        boolean escapeFirst = data.consumeBoolean();
        String value = data.consumeRemainingAsString();
        if (escapeFirst) {
            String escaped = TabEscape.escape(value);
            for (int i = 0; i < escaped.length(); i++) {
                char c = escaped.charAt(i);
                assertTrue(c != '\0' && c != '\t' && c != '\r' && c != '\n', "an escaped value stays one field of one line");
                if (c == '\001') {
                    assertTrue(i + 1 < escaped.length() && "01trn".indexOf(escaped.charAt(i + 1)) >= 0,
                            "only the five escapes");
                    i++;
                }
            }
            assertEquals(value, TabEscape.unescape(escaped), "unescape undoes escape");
        } else {
            // Any field a client sends unescapes without an exception, and escaping the result and
            // unescaping again is stable.
            String unescaped = TabEscape.unescape(value);
            assertEquals(unescaped, TabEscape.unescape(TabEscape.escape(unescaped)));
            if (value.indexOf('\001') < 0) {
                assertEquals(value, unescaped, "a field without \\001 is as it is");
            }
        }
    }
}
