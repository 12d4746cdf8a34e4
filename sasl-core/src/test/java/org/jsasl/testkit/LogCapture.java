package org.jsasl.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures everything jsasl logs, at every level, so that tests can prove that no password ever
 * reaches a log. Use in try-with-resources.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Starts capturing at TRACE. */
    public LogCapture() {
        previous = root.getLevel();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
    }

    /** Every captured line: level, formatted message, and the messages of any throwable chain. */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The captured text, one line per event. */
    public String text() {
        return String.join("\n", lines());
    }

    /** Fails when {@code secret} appears in any captured line. */
    public void assertNever(String secret) {
        for (String line : lines()) {
            assertFalse(line.contains(secret), () -> "secret leaked into the log: " + line);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previous);
    }
}
