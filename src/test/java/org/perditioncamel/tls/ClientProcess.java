package org.perditioncamel.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An interactive client program (openssl s_client): lines written to its stdin one at a time, each only after the
 * expected answer arrived on its stdout, so nothing is pipelined unless a test wants it. Every wait is bounded;
 * {@link #close()} kills the process and its children.
 */
final class ClientProcess implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();

    private ClientProcess(List<String> command, Process process, Path stderr) {
        this.command = command;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "client-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ClientProcess start(List<String> command) {
        try {
            Path stderr = Files.createTempFile("client-", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new ClientProcess(List.copyOf(command), process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
    }

    /** openssl s_client to 127.0.0.1:port, verifying the proxy against the test CA (name check on the IP SAN). */
    static ClientProcess sClient(int port, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", TlsFixtures.HOST + ":" + port,
                "-CAfile", TestCertificates.get().caCert.toString(), "-verify_return_error",
                "-verify_ip", TlsFixtures.HOST, "-crlf", "-quiet"));
        cmd.addAll(List.of(extra));
        return start(cmd);
    }

    private void readStdout() {
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                lines.add(line.toString(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            // the process was killed
        } finally {
            lines.add(EOF);
        }
    }

    /** Writes one line (LF; s_client -crlf makes it CRLF). */
    ClientProcess send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            stdin.flush();
            return this;
        } catch (IOException e) {
            throw new AssertionError("cannot write to " + describe(), e);
        }
    }

    /** The next line matching {@code wanted}; lines before it are only kept for the transcript. */
    String await(Predicate<String> wanted, String what) {
        long end = System.nanoTime() + TlsFixtures.WAIT.toNanos();
        try {
            while (true) {
                long left = end - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line " + what + " within " + TlsFixtures.WAIT.toSeconds() + " s: "
                            + describe());
                }
                if (line.equals(EOF)) {
                    lines.add(EOF);
                    throw new AssertionError("output ended before a line " + what + ": " + describe());
                }
                transcript.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next line, whatever it is. */
    String next() {
        return await(l -> true, "at all");
    }

    String awaitStartingWith(String prefix) {
        return await(l -> l.startsWith(prefix), "starting with \"" + prefix + "\"");
    }

    /** Closes stdin and waits for the exit status. */
    int awaitExit() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(TlsFixtures.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("did not exit within " + TlsFixtures.WAIT.toSeconds() + " s: " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every line read so far (drains what is queued). */
    List<String> transcript() {
        String line;
        while ((line = lines.poll()) != null) {
            if (line.equals(EOF)) {
                lines.add(EOF);
                break;
            }
            transcript.add(line);
        }
        return List.copyOf(transcript);
    }

    String stderr() {
        return TlsFixtures.read(stderr);
    }

    String describe() {
        return String.join(" ", command) + "\nstdout so far: " + transcript + "\nstderr: " + stderr();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a leftover temp file
        }
    }
}
