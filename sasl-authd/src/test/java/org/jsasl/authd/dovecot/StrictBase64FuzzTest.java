package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13): {@link StrictBase64#decode} agrees with {@link Base64}'s decoder on padded
 * standard base64 and returns null for everything else (never an exception), and
 * {@link StrictBase64#encode} round-trips.
 * Regression inputs: {@code src/test/resources/org/jsasl/authd/dovecot/StrictBase64FuzzTestInputs/}.
 */
class StrictBase64FuzzTest {

    /** Padded standard base64 as RFC 4648 §4 writes it, and the lone "=" of RFC 4954. */
    static final Pattern PADDED_BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

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
}
