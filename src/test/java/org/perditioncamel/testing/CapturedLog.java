package org.perditioncamel.testing;

import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The application's log4j lines (logger name, message) while it is open, for tests that wait for a line. */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    private CapturedLog() {
        super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static CapturedLog capture() {
        CapturedLog log = new CapturedLog();
        log.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().addAppender(log);
        context.getConfiguration().getRootLogger().addAppender(log, Level.ALL, null);
        context.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        synchronized (lines) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
        }
    }

    /** The first line containing text, waiting up to millis for it; null if none came. */
    public String await(String text, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        do {
            synchronized (lines) {
                for (String line : lines) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return null;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
