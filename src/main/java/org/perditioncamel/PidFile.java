package org.perditioncamel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * perdition's --pid_file: refuses a live one, replaces a stale one, removes its own when the process ends (after a
 * SIGTERM's drain and stop, not when the signal arrives: a restart script waiting for the file to go would start the
 * new process while the old one still holds its state directory).
 */
final class PidFile implements AutoCloseable {
    /**
     * How long the exit waits for the stop at most: as long as Camel Main's own SIGTERM hook waits (its extra and
     * shutdown timeouts, and a drain), and a little more; set once the proxy has started ({@link #holdExitFor}).
     */
    private static volatile long holdExitSeconds = 30;

    private final Path path;
    private final String pid;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private PidFile(Path path, String pid) {
        this.path = path;
        this.pid = pid;
    }

    static PidFile create(String option) throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        if (option == null || option.isEmpty()) {
            return new PidFile(null, pid);
        }
        Path path = Path.of(option);
        if (Files.exists(path)) {
            String old = Files.readString(path, StandardCharsets.US_ASCII).trim();
            if (old.matches("\\d+") && ProcessHandle.of(Long.parseLong(old)).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalArgumentException("pid_file " + path + " belongs to running process " + old);
            }
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.writeString(path, pid + "\n", StandardCharsets.US_ASCII);
        PidFile file = new PidFile(path, pid);
        // the JVM halts when its shutdown hooks are done: this one holds the exit until run() has returned
        Runtime.getRuntime().addShutdownHook(new Thread(file::removeWhenStopped, "perdition-pid-file"));
        return file;
    }

    private void removeWhenStopped() {
        try {
            stopped.await(holdExitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remove();
    }

    /** The longest the stop may take (a stuck one then leaves the file, which the next start finds stale). */
    static void holdExitFor(long seconds) {
        holdExitSeconds = seconds;
    }

    /** The proxy has stopped (run() returned, or start-up failed): the file goes now. */
    @Override
    public void close() {
        remove();
        stopped.countDown();
    }

    private void remove() {
        if (path == null) {
            return;
        }
        try {
            // only our own: a newer process may have written its pid meanwhile (ours was stale to it)
            if (Files.exists(path) && Files.readString(path, StandardCharsets.US_ASCII).trim().equals(pid)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // the process is ending; a stale file is detected and replaced at the next start
        }
    }
}
