package org.perditioncamel.log;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * perdition -F /path, - or +: "Mon DD HH:MM:SS ident[pid]: message" lines (vanessa_logger with
 * VANESSA_LOGGER_F_TIMESTAMP), one write and flush per line; lines given to writeHeld (the events thread's Connect,
 * Auth and Closing lines) wait in memory until flush(), the next write or 64 KiB, so a burst of logins costs one
 * write(2), not three per login. Lines keep their order either way.
 */
public final class StreamLogSink implements LogSink {
    private static final long REOPEN_CHECK_MILLIS = 1000;
    private static final int HELD_MAX = 64 * 1024;

    private final Path path;
    private final String ident;
    private final Clock clock;
    private OutputStream out;
    private Object fileKey;
    private long lastCheck;
    /** Lines written by writeHeld and not yet out. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(8192);
    private int heldLines;

    private StreamLogSink(Path path, OutputStream out, String ident, Clock clock) {
        this.path = path;
        this.out = out;
        this.ident = ident;
        this.clock = clock;
    }

    public static StreamLogSink file(Path path, String ident, Clock clock) {
        StreamLogSink sink = new StreamLogSink(path, null, ident, clock);
        sink.open();
        return sink;
    }

    public static StreamLogSink stream(PrintStream out, String ident, Clock clock) {
        return new StreamLogSink(null, Objects.requireNonNull(out), ident, clock);
    }

    @Override
    public synchronized void write(Severity severity, String message) {
        hold(message);
        flush();
    }

    @Override
    public synchronized void writeHeld(Severity severity, String message) {
        hold(message);
        if (held.size() >= HELD_MAX) {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (held.size() == 0) {
            return;
        }
        reopenIfRotated();
        try {
            held.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new LinesLost("cannot write " + heldLines + " lines to log " + (path == null ? "stream" : path), e,
                    heldLines);
        } finally {
            held.reset();   // lines that could not be written are counted as failures, each, not written twice
            heldLines = 0;
        }
    }

    private void hold(String message) {
        String line = LogTimestamp.format(LocalDateTime.now(clock)) + " " + ident + "[" + ProcessHandle.current().pid()
                + "]: " + message + "\n";
        held.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        heldLines++;
    }

    /** perdition reopens its log file on SIGHUP; we notice logrotate's rename or delete by the file's identity. */
    private void reopenIfRotated() {
        if (path == null) {
            return;
        }
        long now = clock.millis();
        if (now - lastCheck < REOPEN_CHECK_MILLIS) {
            return;
        }
        lastCheck = now;
        if (!Objects.equals(fileKey, currentFileKey())) {
            closeQuietly();
            open();
        }
    }

    private void open() {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new FileOutputStream(path.toFile(), true);
            fileKey = currentFileKey();
            lastCheck = clock.millis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log file " + path, e);
        }
    }

    private Object currentFileKey() {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            flush();
        } catch (UncheckedIOException e) {
            // closing anyway; the lines are lost with the file
        }
        if (path != null) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // the stream is being replaced or dropped; nothing more to do with it
        }
    }
}
