package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): {@link TabEscape#escape} leaves no NUL, TAB, CR or LF and only known
 * escapes, and {@link TabEscape#unescape} undoes it.
 * Regression inputs: {@code src/test/resources/org/jsasl/authd/dovecot/TabEscapeFuzzTestInputs/}.
 */
class TabEscapeFuzzTest {

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
