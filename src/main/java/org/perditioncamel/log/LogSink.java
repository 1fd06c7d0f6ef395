package org.perditioncamel.log;

/** Where perdition log lines end up: syslog, a file, stdout or stderr. */
public interface LogSink extends AutoCloseable {

    /** Writes one message; the sink adds its own prefix (timestamp, ident[pid], or the syslog PRI). */
    void write(Severity severity, String message);

    /**
     * Like write, but the sink may keep the line until {@link #flush()} or its next write: a file sink then writes
     * a burst of event lines at once. Syslog sends each message as it comes.
     */
    default void writeHeld(Severity severity, String message) {
        write(severity, message);
    }

    /** Writes out what writeHeld kept. */
    default void flush() {
    }

    @Override
    default void close() {
    }

    /** A write that lost several lines at once (a file sink's held burst): each counts as a line not written. */
    final class LinesLost extends java.io.UncheckedIOException {
        private static final long serialVersionUID = 1L;
        private final int lines;

        public LinesLost(String message, java.io.IOException cause, int lines) {
            super(message, cause);
            this.lines = lines;
        }

        public int lines() {
            return lines;
        }
    }
}
