package org.perditioncamel.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The grants on disk, so a restart keeps them: one line "key expiry-millis" appended per grant before its event is
 * acknowledged (a write into the page cache: a killed process loses nothing, only a power loss may), rewritten
 * without the expired and superseded lines at start and whenever it has grown to many times the live grants.
 * The file is locked while open, so two consumers never share one.
 */
public final class GrantJournal implements AutoCloseable {
    private static final int MIN_LINES_BEFORE_COMPACTION = 10_000;

    private final Path file;
    private FileChannel lockFile;
    private FileChannel channel;
    private FileLock lock;
    private long lines;

    private GrantJournal(Path file) {
        this.file = file;
    }

    /** Opens (creating) and locks the journal, loading its unexpired grants into grants. */
    public static GrantJournal open(Path file, RelayGrants grants, long nowMillis) {
        GrantJournal journal = new GrantJournal(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            journal.lockFile = FileChannel.open(lockPath(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            journal.lock = journal.lockFile.tryLock();
            if (journal.lock == null) {
                journal.lockFile.close();
                throw new IllegalArgumentException("the POP-before-SMTP state " + file.toAbsolutePath()
                        + " is in use by another consumer; give this one its own policy.state_file or state_directory");
            }
            if (Files.exists(file)) {
                load(Files.readAllLines(file, StandardCharsets.ISO_8859_1), grants);
            }
            grants.expire(nowMillis);
            journal.rewrite(grants.snapshot());
            return journal;
        } catch (IOException e) {
            journal.close();
            throw new IllegalArgumentException("cannot use " + file.toAbsolutePath() + ": " + e, e);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            journal.close();
            throw new IllegalArgumentException("the POP-before-SMTP state " + file.toAbsolutePath()
                    + " is in use by another consumer in this process", e);
        }
    }

    private static Path lockPath(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** A torn last line (a crash mid-write) or a foreign line is skipped, never fatal. */
    private static void load(List<String> lines, RelayGrants grants) {
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space > 0) {
                try {
                    grants.grant(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
                } catch (NumberFormatException torn) {
                    // skipped
                }
            }
        }
    }

    /** Records one grant; compacts when the file holds many more lines than there are live grants. */
    public synchronized void append(String key, long untilMillis, RelayGrants grants) {
        try {
            ByteBuffer line = ByteBuffer.wrap((key + " " + untilMillis + "\n").getBytes(StandardCharsets.ISO_8859_1));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            lines++;
            if (lines > MIN_LINES_BEFORE_COMPACTION && lines > 4L * grants.size()) {
                rewrite(grants.snapshot());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Replaces the file with one line per live grant (write a temporary file, then rename over it). */
    public synchronized void compact(RelayGrants grants) {
        try {
            rewrite(grants.snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    private void rewrite(Map<String, Long> live) throws IOException {
        StringBuilder text = new StringBuilder();
        live.forEach((key, until) -> text.append(key).append(' ').append(until).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.ISO_8859_1.encode(text.toString()));
            // on disk before the rename: a power loss right after it must not leave an empty journal (XFS and others
            // do not order a rename after the data it replaces, as ext4 does), only the last appends lost
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = live.size();
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (lock != null) {
                lock.release();
            }
            if (lockFile != null) {
                lockFile.close();
            }
        } catch (IOException e) {
            // closing releases the lock in any case
        }
    }
}
