package org.perditioncamel.popmap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * perdition's flat popmap ({@code key:value} lines, the input of makegdbm), re-read when the file changes.
 */
public final class FlatFilePopmap implements Popmap {
    private static final Logger LOG = LoggerFactory.getLogger(FlatFilePopmap.class);
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path file;
    private final LongSupplier nanoClock;
    private final Object reloadLock = new Object();
    private volatile Snapshot snapshot;
    private volatile long nextCheckNanos;

    public FlatFilePopmap(Path file) {
        this(file, System::nanoTime);
    }

    FlatFilePopmap(Path file, LongSupplier nanoClock) {
        this.file = file;
        this.nanoClock = nanoClock;
        this.snapshot = load(Snapshot.NEVER_READ);
        this.nextCheckNanos = nanoClock.getAsLong() + CHECK_INTERVAL_NANOS;
    }

    public Path file() {
        return file;
    }

    @Override
    public LookupResult lookup(String key) {
        Snapshot current = current();
        if (current.entries == null) {
            return new LookupResult.Failed(current.problem);
        }
        String value = current.entries.get(key);
        return value == null ? new LookupResult.NotFound() : new LookupResult.Found(value);
    }

    /** The entries, re-read when the file's identity, mtime or size changed; looked at once a second at most. */
    private Snapshot current() {
        long now = nanoClock.getAsLong();
        if (now - nextCheckNanos < 0) {
            return snapshot;
        }
        synchronized (reloadLock) {
            if (now - nextCheckNanos >= 0) {
                nextCheckNanos = now + CHECK_INTERVAL_NANOS;
                snapshot = load(snapshot);
            }
            return snapshot;
        }
    }

    private Snapshot load(Snapshot previous) {
        Stamp stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return unreadable(previous, e);
        }
        if (stamp.equals(previous.stamp)) {
            return previous;
        }
        try {
            // Stamp before reading: a write in between leaves an old stamp, so the next check reads again.
            Snapshot loaded = new Snapshot(stamp, parse(Files.readAllBytes(file)), null);
            LOG.info("popmap {}: {} entries", file, loaded.entries.size());
            return loaded;
        } catch (IOException e) {
            return unreadable(previous, e);
        }
    }

    /** Warns once when the file goes away, not at every lookup; each lookup then answers Failed. */
    private Snapshot unreadable(Snapshot previous, IOException e) {
        String problem = "popmap " + file + " cannot be read: "
                + (e instanceof NoSuchFileException ? "no such file" : e.toString());
        if (!problem.equals(previous.problem)) {
            LOG.warn("{}; lookups fall back to outgoing_server", problem);
        }
        return new Snapshot(null, null, problem);
    }

    /**
     * makegdbm's reading: the key runs to the first {@code :}, the value is the rest of the line; no trimming and
     * no comments ({@code # x:y} has the key "# x"); the first of duplicate keys wins. Blank lines and lines with an
     * empty key or value are skipped, as makegdbm rejects them. Only {@code \n} ends a line, so a CRLF file keeps
     * the CR in its values, as it would in the gdbm map.
     */
    static Map<String, String> parse(byte[] content) {
        Map<String, String> entries = new HashMap<>();
        String text = new String(content, StandardCharsets.UTF_8);
        int carriageReturns = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();   // makegdbm reads a last line without newline unreliably; we take it
            }
            String line = text.substring(start, end);
            start = end + 1;
            int colon = line.indexOf(':');
            if (isBlank(line) || colon < 1 || colon == line.length() - 1) {
                continue;
            }
            String value = line.substring(colon + 1);
            if (value.endsWith("\r")) {
                carriageReturns++;
            }
            entries.putIfAbsent(line.substring(0, colon), value);
        }
        if (carriageReturns > 0) {
            LOG.warn("popmap has {} values ending in a carriage return (CRLF file?); they are kept as perdition "
                    + "keeps them", carriageReturns);
        }
        return entries;
    }

    private static boolean isBlank(String line) {
        return line.chars().allMatch(c -> c == ' ' || c == '\t');
    }

    @Override
    public String toString() {
        return "flat popmap " + file;
    }

    private record Stamp(Object fileKey, FileTime modified, long size) {
    }

    /** One reading of the file: entries, or the problem that prevented reading it. */
    private static final class Snapshot {
        static final Snapshot NEVER_READ = new Snapshot(null, null, null);

        final Stamp stamp;
        final Map<String, String> entries;
        final String problem;

        Snapshot(Stamp stamp, Map<String, String> entries, String problem) {
            this.stamp = stamp;
            this.entries = entries;
            this.problem = problem;
        }
    }
}
