package org.jsasl.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logging filtered by Cyrus' {@code log_level} (0 none, 1 errors, 2 authentication failures,
 * 3 warnings, 4 notes, 5 debug, 6 trace, 7 "passwords") and written through SLF4J. Level 7 logs
 * what 6 does: jsasl never logs a password at any level.
 */
public final class SaslLog {

    /** Cyrus' default {@code log_level}: errors only. */
    public static final int DEFAULT_LEVEL = 1;

    /** The Cyrus log levels, each with the SLF4J level it is written at. */
    public enum CyrusLevel {
        NONE(0, null), ERR(1, Level.ERROR), FAIL(2, Level.INFO), WARN(3, Level.WARN), NOTE(4, Level.INFO),
        DEBUG(5, Level.DEBUG), TRACE(6, Level.TRACE), PASS(7, Level.TRACE);

        private final int value;
        private final Level slf4j;

        CyrusLevel(int value, Level slf4j) {
            this.value = value;
            this.slf4j = slf4j;
        }

        /** The number used by {@code log_level}. */
        public int value() {
            return value;
        }

        /** The SLF4J level messages of this level are written at, or null for NONE. */
        public Level slf4jLevel() {
            return slf4j;
        }
    }

    private final Logger logger;
    private final int level;

    private SaslLog(Logger logger, int level) {
        this.logger = logger;
        this.level = level;
    }

    /** A log for {@code component} that lets through messages up to {@code logLevel} (0-7). */
    public static SaslLog of(Class<?> component, int logLevel) {
        return new SaslLog(LoggerFactory.getLogger(component), logLevel);
    }

    /** The same filter, writing to {@code component}'s logger. */
    public SaslLog forComponent(Class<?> component) {
        return new SaslLog(LoggerFactory.getLogger(component), level);
    }

    /** The configured {@code log_level}. */
    public int level() {
        return level;
    }

    /** Whether messages of {@code l} are written. */
    public boolean isEnabled(CyrusLevel l) {
        return l != CyrusLevel.NONE && l.value <= level && logger.isEnabledForLevel(l.slf4j);
    }

    /** Writes an SLF4J-formatted message at Cyrus level {@code l}. Arguments must never include a password. */
    public void log(CyrusLevel l, String format, Object... args) {
        if (isEnabled(l)) {
            logger.atLevel(l.slf4j).log(format, args);
        }
    }

    /** Level 1: unusual errors. */
    public void err(String format, Object... args) {
        log(CyrusLevel.ERR, format, args);
    }

    /** Level 2: authentication failures. */
    public void fail(String format, Object... args) {
        log(CyrusLevel.FAIL, format, args);
    }

    /** Level 3: non-fatal warnings. */
    public void warn(String format, Object... args) {
        log(CyrusLevel.WARN, format, args);
    }

    /** Level 4: notes. */
    public void note(String format, Object... args) {
        log(CyrusLevel.NOTE, format, args);
    }

    /** Level 5: debugging. */
    public void debug(String format, Object... args) {
        log(CyrusLevel.DEBUG, format, args);
    }

    /**
     * A user-supplied string made safe for a log line or message: control characters escaped,
     * at most 256 characters, in quotes. User names are logged; passwords never are.
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 256) + 2).append('\'');
        int n = Math.min(s.length(), 256);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    /** Level 6: protocol traces (never with secrets). */
    public void trace(String format, Object... args) {
        log(CyrusLevel.TRACE, format, args);
    }
}
