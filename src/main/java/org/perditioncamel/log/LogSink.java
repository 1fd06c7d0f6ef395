package org.perditioncamel.log;

/** Where perdition log lines end up: syslog, a file, stdout or stderr. */
public interface LogSink extends AutoCloseable {

    /** Writes one message; the sink adds its own prefix (timestamp, ident[pid], or the syslog PRI). */
    void write(Severity severity, String message);

    @Override
    default void close() {
    }
}
