package org.perditioncamel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** perdition's --pid_file: refuses a live one, replaces a stale one, removes its own on exit. */
final class PidFile implements AutoCloseable {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    static PidFile create(String option) throws IOException {
        if (option == null || option.isEmpty()) {
            return new PidFile(null);
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
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        PidFile pid = new PidFile(path);
        Runtime.getRuntime().addShutdownHook(new Thread(pid::close));
        return pid;
    }

    @Override
    public void close() {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the process is ending; a stale file is detected and replaced at the next start
            }
        }
    }
}
