package org.jsasl.examples.cli;

/**
 * The log format of {@code jsasl smtpd}: each line starts with an ISO 8601 time with milliseconds
 * and the UTC offset ({@code 2025-06-01T12:34:56.789+02:00 WARN AuthFailureLog - ...}), which
 * fail2ban's filter (examples/fail2ban/jsasl-smtpd.conf) reads; the one-shot commands keep their
 * short lines without one.
 */
final class ServerLogFormat {

    /** SimpleDateFormat pattern of the time; the filter's datepattern must match it. */
    static final String DATE_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private static final String SHOW_DATE_TIME = "org.slf4j.simpleLogger.showDateTime";
    private static final String DATE_TIME_FORMAT_KEY = "org.slf4j.simpleLogger.dateTimeFormat";

    private ServerLogFormat() {
    }

    /**
     * Selects the format, unless the JVM's own {@code -D} options (JSASL_JAVA_OPTS) chose one.
     * slf4j-simple reads these properties once, at its first logger: this must run before
     * anything logs, as the first thing {@code main} does.
     */
    static void select() {
        setIfAbsent(SHOW_DATE_TIME, "true");
        setIfAbsent(DATE_TIME_FORMAT_KEY, DATE_TIME_FORMAT);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
