package dev.flinkgitops.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format json}: one JSON object per line (logback's JsonEncoder; the app identity and
 * spec commit travel as MDC fields {@code app} and {@code specCommit}). Human-readable is the default.
 */
final class LogFormat {

    private LogFormat() {}

    static void apply(String format) {
        if (!"json".equals(format)) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("JSON");
        console.setEncoder(encoder);
        console.start();
        root.detachAndStopAllAppenders();
        root.addAppender(console);
    }
}
