package org.perditioncamel.popmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A map file read into T and read again when its identity, mtime or size changed, looked at once a second at most,
 * so an operator's {@code mv new popmap} takes effect without a restart or a signal.
 * <p>
 * A file that cannot be read makes {@link #current()} a problem (lookups answer Failed) until it is back. A file
 * that reads but does not parse (the reader throws IllegalArgumentException naming file and line) keeps the previous
 * content, with a warning: a typo in an edit must not take every user's entry away.
 */
final class WatchedFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Checks and re-reads of the sources' files: a thread only while one runs. */
    private static final Executor CHECKS = DaemonPool.of(1, "perdition-popmap-file");

    private final Path file;
    private final Function<String, T> reader;
    private final LongSupplier nanoClock;
    private final Object reloadLock = new Object();
    private volatile Reading<T> reading;
    private volatile long nextCheckNanos;
    private boolean started;
    /** Null: the lookup that finds a check due makes it (tests); else the check runs there, off the lookup. */
    private volatile Executor background;
    private final AtomicBoolean checking = new AtomicBoolean();

    WatchedFile(Path file, Function<String, T> reader, LongSupplier nanoClock) {
        this.file = file;
        this.reader = reader;
        this.nanoClock = nanoClock;
        this.reading = load(new Reading<>(null, null, null));
        this.nextCheckNanos = nanoClock.getAsLong() + CHECK_INTERVAL_NANOS;
        this.started = true;
    }

    Path file() {
        return file;
    }

    /** Start-up: the file must have been read and parsed, else IllegalArgumentException with the reason. */
    T require() {
        Reading<T> r = reading;
        if (r.content == null || r.problem != null) {
            throw new IllegalArgumentException(r.problem.startsWith(file.toString()) ? "popmap " + r.problem : r.problem);
        }
        return r.content;
    }

    /**
     * The running proxy: the file is looked at and re-read on a thread of its own, never by a lookup, which runs on
     * an event loop; lookups answer from the previous reading until the new one is in.
     */
    WatchedFile<T> checkedInBackground() {
        this.background = CHECKS;
        return this;
    }

    /** The content (null when the file cannot be read) and the current problem, if any. */
    Reading<T> current() {
        long now = nanoClock.getAsLong();
        if (now - nextCheckNanos < 0) {
            return reading;
        }
        Executor checker = background;
        if (checker != null) {
            if (checking.compareAndSet(false, true)) {
                nextCheckNanos = now + CHECK_INTERVAL_NANOS;
                checker.execute(() -> {
                    try {
                        synchronized (reloadLock) {
                            reading = load(reading);
                        }
                    } finally {
                        checking.set(false);
                    }
                });
            }
            return reading;
        }
        synchronized (reloadLock) {
            if (now - nextCheckNanos >= 0) {
                nextCheckNanos = now + CHECK_INTERVAL_NANOS;
                reading = load(reading);
            }
            return reading;
        }
    }

    /**
     * Each line UTF-8, or one char per byte when that line is not UTF-8: perdition compares a map's bytes with the
     * client's, so an ISO-8859-1 entry must match the ISO-8859-1 name its client sends (ClientText reads those octets
     * the same way), and one such line must not turn the UTF-8 entries around it into something else.
     */
    static String text(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            end = Math.min(end + 1, bytes.length);   // the line with its \n
            ByteBuffer line = ByteBuffer.wrap(bytes, start, end - start);
            try {
                text.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(line));
            } catch (CharacterCodingException e) {
                text.append(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
            }
            start = end;
        }
        return text.toString();
    }

    private Reading<T> load(Reading<T> previous) {
        Stamp stamp;
        String text;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            if (stamp.equals(previous.stamp)) {
                return previous;
            }
            // Stamp before reading: a write in between leaves an old stamp, so the next check reads again.
            text = text(Files.readAllBytes(file));
        } catch (IOException e) {
            String problem = file + " cannot be read: "
                    + (e instanceof NoSuchFileException ? "no such file" : e.toString());
            // at start-up require() reports it; later, once per new problem, not at every lookup
            if (started && !problem.equals(previous.problem)) {
                LOG.warn("popmap {}; lookups answer \"failed\" until it is back", problem);
            }
            return new Reading<>(null, null, problem);
        }
        try {
            return new Reading<>(reader.apply(text), stamp, null);
        } catch (IllegalArgumentException e) {
            if (previous.content == null) {
                return new Reading<>(null, stamp, e.getMessage());
            }
            LOG.warn("popmap {}: {}; the previous reading stays in use until the file is fixed", file, e.getMessage());
            return new Reading<>(previous.content, stamp, null);
        }
    }

    private record Stamp(Object fileKey, FileTime modified, long size) {
    }

    /** One reading of the file: the content, or the problem that prevented reading it. */
    record Reading<T>(T content, Object stamp, String problem) {
    }
}
