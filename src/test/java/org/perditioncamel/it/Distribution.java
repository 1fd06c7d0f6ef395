package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The distribution archive {@code mvn package} built (target/perdition-camel-*-dist.tar.gz), unpacked with tar
 * into a fresh directory outside the source tree, as an operator installs it.
 */
final class Distribution {
    private Distribution() {
    }

    static Path archive() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("perdition-camel-.*-dist\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new IOException("no distribution archive in target/: run mvn package"));
        }
    }

    /** The unpacked top directory (perdition-camel-&lt;version&gt;) in a new temporary directory. */
    static Path unpack() throws Exception {
        Path into = Files.createTempDirectory("perdition-dist-");
        Process tar = new ProcessBuilder("tar", "-xzf", archive().toAbsolutePath().toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).as("tar -xzf finished").isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        try (Stream<Path> top = Files.list(into)) {
            List<Path> dirs = top.toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    /** Waits until something listens on 127.0.0.1:port (a JVM's socket shows in tcp6 too), bounded. */
    static void waitForListener(int port, Process owner, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        String listening = String.format(":%04X ", port);
        while (System.currentTimeMillis() < end) {
            assertThat(owner.isAlive()).as("the process exited early").isTrue();
            String tables = Files.readString(Path.of("/proc/net/tcp")) + Files.readString(Path.of("/proc/net/tcp6"));
            if (tables.lines().anyMatch(l -> l.contains(listening) && l.substring(l.indexOf(listening)).contains(" 0A "))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("nothing listened on " + port + " within " + timeoutMillis + " ms");
    }

    static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The pid in "perdition.pop3[4711]: …". */
    static String pidOf(String line) {
        Matcher m = Pattern.compile("\\[(\\d+)\\]: ").matcher(line);
        return m.find() ? m.group(1) : "";
    }

    static String awaitLine(Path log, String marker) throws Exception {
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            String lines = Files.exists(log) ? Files.readString(log) : "";
            for (String line : lines.split("\n")) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with " + marker + " in " + log);
    }
}
