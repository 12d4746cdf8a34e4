package org.jsasl.mech.cram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The challenge has Cyrus' form {@code <random.time@hostname>} and is fresh each time. */
class CramChallengeTest {

    private static final Pattern FORM = Pattern.compile("<([0-9]+)\\.([0-9]+)@(.+)>");

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void randomPartIsAnUnsigned64BitNumber() {
        assertEquals("<18446744073709551615.697170952@postoffice.reston.mci.net>",
                text(CramChallenge.format(-1L, 697170952L, "postoffice.reston.mci.net")));
        assertEquals("<0.0@h>", text(CramChallenge.format(0L, 0L, "h")));
    }

    @Test
    void namesTheServerAndTheCurrentTime() {
        long before = System.currentTimeMillis() / 1000;
        Matcher m = FORM.matcher(text(CramChallenge.next("mail.example.com")));
        assertTrue(m.matches());
        assertEquals("mail.example.com", m.group(3));
        long t = Long.parseLong(m.group(2));
        assertTrue(t >= before && t <= System.currentTimeMillis() / 1000 + 1, "epoch seconds");
        Long.parseUnsignedLong(m.group(1));
    }

    @Test
    void withoutAServerNameItNamesThisHost() {
        for (String none : new String[] {null, ""}) {
            Matcher m = FORM.matcher(text(CramChallenge.next(none)));
            assertTrue(m.matches());
            assertTrue(!m.group(3).isEmpty());
        }
    }

    @Test
    void everyChallengeIsDifferent() {
        assertNotEquals(text(CramChallenge.next("h")), text(CramChallenge.next("h")));
    }
}
