package org.perditioncamel.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.ThrottledError;

/**
 * The durable outbox between a session and JMS: one JSON file per event in events.spool_dir, named so that name
 * order is publish order, written to a hidden temp file and renamed so the events-deliver route never reads half a
 * file. Bounded by events.spool_max_bytes; a full outbox keeps nothing more and says so at ERR.
 */
public final class EventOutbox {
    /** What events-deliver picks up; temp files start with '.' and end in .tmp, so they never match. */
    public static final Pattern FILE_NAME = Pattern.compile("(\\d{19})-(connect|auth|close|close_null)\\.json");
    /** Each file costs at least one filesystem block, so the bound counts blocks, not JSON bytes. */
    static final long BLOCK = 4096;
    private static final long RESCAN_MILLIS = 1000;
    private static final long REPORT_MILLIS = 60_000;

    private final Path dir;
    private final long maxBytes;
    private final ThrottledError full;
    private final ThrottledError failed;
    private long nextSequence;
    private long spooledBytes;
    private long lastRescan;

    public EventOutbox(Path dir, long maxBytes, PerditionLog log) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.full = new ThrottledError(log, REPORT_MILLIS);
        this.failed = new ThrottledError(log, REPORT_MILLIS);
        try {
            Files.createDirectories(dir);
            removeTempFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the event outbox " + dir, e);
        }
        long newest = scan();
        // Microseconds since the epoch: later than any name a previous run can have left, without a state file.
        this.nextSequence = Math.max(newest + 1, System.currentTimeMillis() * 1000);
    }

    /** Keeps one event for delivery; false when it was not kept (outbox full or not writable), which is logged. */
    public synchronized boolean append(String json, SessionEvent.Type type) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        long cost = blocks(bytes.length);
        if (spooledBytes + cost > maxBytes && !roomAfterRescan(cost)) {
            full.occurred(total -> "Event outbox " + dir + " is full (" + spooledBytes + " of " + maxBytes
                    + " bytes, events.spool_max_bytes): " + EventDocument.typeName(type)
                    + " event not kept for JMS; " + total + " events not kept so far");
            return false;
        }
        String name = String.format("%019d-%s.json", nextSequence, EventDocument.typeName(type));
        Path temp = dir.resolve("." + name + ".tmp");
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            failed.occurred(total -> "Event outbox " + dir + ": cannot write " + name + " (" + e + "); "
                    + total + " events not kept so far");
            return false;
        }
        nextSequence++;
        spooledBytes += cost;
        full.rearm();
        return true;
    }

    /** Called by events-deliver after the JMS send, with the length of the file the consumer is about to delete. */
    public synchronized void delivered(long fileLength) {
        spooledBytes = Math.max(0, spooledBytes - blocks(fileLength));
    }

    public synchronized long spooledBytes() {
        return spooledBytes;
    }

    /** Events not kept because the outbox was full. */
    public long rejected() {
        return full.count();
    }

    /** Events not kept because the file could not be written. */
    public long failed() {
        return failed.count();
    }

    public Path dir() {
        return dir;
    }

    /** The running total can drift (an operator cleared the directory): recount, at most once a second. */
    private boolean roomAfterRescan(long cost) {
        long now = System.currentTimeMillis();
        if (now - lastRescan < RESCAN_MILLIS) {
            return false;
        }
        lastRescan = now;
        scan();
        return spooledBytes + cost <= maxBytes;
    }

    /** Recounts spooledBytes and returns the highest sequence number present, or -1. */
    private long scan() {
        long total = 0;
        long newest = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, sequenceOf(m.group(1)));
                    total += blocks(sizeOf(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event outbox " + dir, e);
        }
        spooledBytes = total;
        return newest;
    }

    private void removeTempFiles() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path temp : temps) {
                deleteQuietly(temp);   // a crash between write and rename: the event never reached the outbox
            }
        }
    }

    private static long sequenceOf(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;   // nineteen digits beyond Long.MAX_VALUE: not one of ours, but still delivered
        }
    }

    private static long blocks(long length) {
        return Math.max(1, (length + BLOCK - 1) / BLOCK) * BLOCK;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;   // delivered and deleted while we were counting
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a left-over temp file is removed at the next start
        }
    }
}
