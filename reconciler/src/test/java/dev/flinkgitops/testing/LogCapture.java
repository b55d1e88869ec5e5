package dev.flinkgitops.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures log lines for leak checks: everything the root logger gets, and the named loggers down
 * to DEBUG into the list only (not the console). {@link #close()} restores the loggers.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<String> names;
    private final Map<String, Level> levels = new HashMap<>();

    private LogCapture(List<String> names) {
        this.names = List.copyOf(names);
        appender.start();
        root().addAppender(appender);
        for (String name : names) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    /** Starts capturing; {@code debugLoggers} are captured down to DEBUG and kept off the console. */
    public static LogCapture start(String... debugLoggers) {
        return new LogCapture(List.of(debugLoggers));
    }

    /** Each captured message ({@code log: ...}) and each exception in its cause chain ({@code log exception: ...}). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            lines.add("log: " + event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add("log exception: " + t.getClassName() + ": " + t.getMessage());
            }
        }
        return lines;
    }

    @Override
    public void close() {
        root().detachAppender(appender);
        for (String name : names) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(levels.get(name));
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
