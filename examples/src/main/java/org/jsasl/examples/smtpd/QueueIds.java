package org.jsasl.examples.smtpd;

import java.security.SecureRandom;
import java.util.Locale;

/** Makes Postfix-looking queue ids (ten upper-case hex digits) for accepted messages. */
final class QueueIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private QueueIds() {
    }

    /** A new id; random, so one client cannot guess the file names of another's mail. */
    static String next() {
        long n = RANDOM.nextLong() & 0xFF_FFFF_FFFFL;
        return String.format(Locale.ROOT, "%010X", n);
    }
}
