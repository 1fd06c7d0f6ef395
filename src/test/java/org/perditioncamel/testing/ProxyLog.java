package org.perditioncamel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's perdition-style log written to a file (log_facility), read by tests while sessions run. */
public final class ProxyLog {
    private final Path file;

    private ProxyLog(Path file) {
        this.file = file;
    }

    /** A fresh file under target/, to pass as log_facility. */
    public static ProxyLog create(String prefix) throws IOException {
        return new ProxyLog(Files.createTempFile(Files.createDirectories(Path.of("target").toAbsolutePath()), prefix, ".log"));
    }

    public String facility() {
        return file.toString();
    }

    /** The Closing line of the session from this client port, waited for up to 5 s. */
    public String closingLine(int clientPort) throws IOException, InterruptedException {
        String mine = "Closing session: 127.0.0.1:" + clientPort + "->";
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            for (String line : Files.readAllLines(file)) {
                if (line.contains(mine)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no \"" + mine + "\" in " + file);
    }

    /**
     * The client's Closing line is written within a few seconds while the client still holds its end open: the proxy
     * closed the session itself (after the backend's FIN), not half-closed it waiting for the client.
     */
    public void assertClosedWhileClientOpen(LineClient c) throws IOException, InterruptedException {
        String mine = "Closing session: 127.0.0.1:" + c.socket().getLocalPort() + "->";
        long end = System.nanoTime() + 3_000_000_000L;
        while (!Files.readString(file).contains(mine) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(c.socket().isClosed()).isFalse();
        assertThat(Files.readString(file)).contains(mine);
    }
}
