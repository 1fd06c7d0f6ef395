package org.perditioncamel.log;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.perditioncamel.session.SessionEvent;

/**
 * The perdition log: Connect/Auth/Close lines and the proxy's own messages, filtered by debug and quiet as
 * perdition does, written to the sink log_facility names. It never throws into its caller.
 */
public final class PerditionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PerditionLog.class);
    private static final long REPORT_EVERY_MILLIS = 60_000;

    private final LogSink sink;
    private final boolean debug;
    private final Severity threshold;
    private final LogPasswd logPasswd;
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastReport;

    /** perdition: -d logs DEBUG and overrides -q; -q keeps ERR and above, which hides Connect, Auth and Closing. */
    public PerditionLog(LogSink sink, boolean debug, boolean quiet, LogPasswd logPasswd) {
        this.sink = sink;
        this.debug = debug;
        this.threshold = debug ? Severity.DEBUG : quiet ? Severity.ERR : Severity.INFO;
        this.logPasswd = logPasswd;
    }

    public static PerditionLog open(LogSettings settings) {
        return new PerditionLog(openSink(settings, ident(), Clock.systemDefaultZone()), settings.debug(),
                settings.quiet(), settings.logPasswd());
    }

    static LogSink openSink(LogSettings settings, String ident, Clock clock) {
        String facility = settings.logFacility();
        if (facility.startsWith("/")) {
            return StreamLogSink.file(Path.of(facility), ident, clock);
        }
        if (facility.startsWith("-")) {
            return StreamLogSink.stream(System.out, ident, clock);
        }
        if (facility.startsWith("+")) {
            return StreamLogSink.stream(System.err, ident, clock);
        }
        return SyslogSink.open(facility, ident, settings.syslogSocket(), settings.syslogUdp(), clock);
    }

    /** perdition's ident is the basename of argv[0]: perdition, perdition.pop3, perdition.imaps, … */
    static String ident() {
        String invokedAs = System.getProperty("perdition.invoked_as", "perdition").trim();
        Path name = invokedAs.isEmpty() ? null : Path.of(invokedAs).getFileName();
        return name == null ? "perdition" : name.toString();
    }

    /** The Connect (INFO), Auth (NOTICE) or Closing (INFO) line of an event. */
    public void event(SessionEvent event) {
        event(event, false);
    }

    /**
     * The event's line, which a file sink may keep until {@link #flush()}: for the events thread, which flushes
     * whenever its queue is empty (events.camel.yaml, LingeringQueue), so a burst of events is one write.
     */
    public void eventHeld(SessionEvent event) {
        event(event, true);
    }

    /** Writes out the lines eventHeld kept; cheap when there are none. */
    public void flush() {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void event(SessionEvent event, boolean held) {
        if (event == null) {
            return;
        }
        try {
            Severity severity = event.type() == SessionEvent.Type.AUTH ? Severity.NOTICE : Severity.INFO;
            if (severity.within(threshold)) {
                boolean withPassword = debug && logPasswd.allows(event.ok());
                write(severity, PerditionLogFormat.render(event, withPassword), held);
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    public void info(String message) {
        write(Severity.INFO, message);
    }

    public void notice(String message) {
        write(Severity.NOTICE, message);
    }

    public void err(String message) {
        write(Severity.ERR, message);
    }

    public void debug(String message) {
        write(Severity.DEBUG, message);
    }

    /** Lets callers skip building a debug message nobody will see. */
    public boolean debugEnabled() {
        return debug;
    }

    /** Lines that could not be written (a full syslog socket is counted by the sink itself). */
    public long failures() {
        return failures.get();
    }

    private void write(Severity severity, String message) {
        write(severity, message, false);
    }

    /** held: the sink may keep the line until flush() (eventHeld). */
    private void write(Severity severity, String message, boolean held) {
        if (message == null || !severity.within(threshold)) {
            return;
        }
        try {
            if (held) {
                sink.writeHeld(severity, escapeControls(message));
            } else {
                sink.write(severity, escapeControls(message));
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A CR or LF in an IMAP literal user name must not start a forged log line; perdition does not guard this. */
    static String escapeControls(String message) {
        int i = 0;
        while (i < message.length() && !isControl(message.charAt(i))) {
            i++;
        }
        if (i == message.length()) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 8).append(message, 0, i);
        for (; i < message.length(); i++) {
            char c = message.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private void failed(RuntimeException e) {
        long count = failures.addAndGet(e instanceof LogSink.LinesLost lost ? lost.lines() : 1);
        long now = System.currentTimeMillis();
        if (now - lastReport >= REPORT_EVERY_MILLIS) {
            lastReport = now;
            // only the cause: the line itself may hold a password (log_passwd)
            LOG.warn("perdition log: {} lines could not be written so far ({})", count, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the perdition log sink", e);
        }
    }
}
