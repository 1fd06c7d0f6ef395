package org.perditioncamel.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real mail client programs (curl, python's poplib) run with a time bound and captured output, pointed at
 * any host and port: Dovecot directly, perdition 2.2, or our proxy.
 */
public final class RealClients {

    /** Long enough for a 10 MiB RETR on a busy two-core machine, short enough to fail a hung run. */
    public static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static final Path WORK = Path.of("target", "real-clients");

    private RealClients() {
    }

    /** What a client run left behind. {@code file} is the output file the client wrote, if any. */
    public record Result(List<String> command, int exitCode, boolean timedOut, byte[] stdout, String stderr,
            byte[] file) {

        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** For assertion messages: the command, status and output, never the bytes of the file. */
        public String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + (timedOut ? " (timed out)" : "")
                    + "\nstdout: " + TranscriptSession.shown(stdoutText()) + "\nstderr: " + stderr;
        }
    }

    /** {@code curl -s pop3://host:port/msgNo} with the credentials; stdout is the message as curl saw it. */
    public static Result curlPop3(String host, int port, String user, String password, int msgNo) {
        // -u rather than user:pass@ in the URL, so spaces and @ in names need no URL encoding.
        return run(List.of("curl", "-s", "-S", "--max-time", Long.toString(TIMEOUT.toSeconds()),
                "-u", user + ":" + password, "pop3://" + host + ":" + port + "/" + msgNo), TIMEOUT, null);
    }

    /**
     * {@code clients/pop3_fetch.py}: python poplib logs in, prints {@code STAT n size}, and with
     * {@code msgNo > 0} saves the RETR content into {@link Result#file()}. Options ({@code --stls},
     * {@code --timeout S}) go before the positional arguments.
     */
    public static Result pythonPoplib(String host, int port, String user, String password, int msgNo,
            String... options) {
        Path outFile = newWorkFile("pop3-fetch-", ".eml");
        List<String> command = new ArrayList<>(List.of("python3", script("pop3_fetch.py").toString()));
        command.addAll(List.of(options));
        command.addAll(List.of(host, Integer.toString(port), user, password, Integer.toString(msgNo),
                outFile.toString()));
        return run(command, TIMEOUT, outFile);
    }

    /** Runs any command with stdin closed, killing it (and its children) after {@code timeout}. */
    public static Result run(List<String> command, Duration timeout, Path outFile) {
        Path stdout = newWorkFile("stdout-", ".out");
        Path stderr = newWorkFile("stderr-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            byte[] file = outFile != null && Files.exists(outFile) ? Files.readAllBytes(outFile) : new byte[0];
            return new Result(List.copyOf(command), finished ? process.exitValue() : -1, !finished,
                    Files.readAllBytes(stdout), Files.readString(stderr, StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
            if (outFile != null) {
                deleteQuietly(outFile);
            }
        }
    }

    /** A client script from {@code src/test/resources/clients/} as a file a program can run. */
    public static Path script(String name) {
        URL url = RealClients.class.getClassLoader().getResource("clients/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no client script on the class path: clients/" + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            // Inside a jar: copy it out so python can read it.
            Path copy = newWorkFile(name + "-", "");
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path newWorkFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(Files.createDirectories(WORK.toAbsolutePath()), prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover file under target/ is harmless
        }
    }
}
