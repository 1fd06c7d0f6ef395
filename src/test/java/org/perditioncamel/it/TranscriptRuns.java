package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.perditioncamel.testing.LineClient;

/**
 * Runs folders of transcripts side by side, each against its own server, and reports one dynamic test per
 * transcript. Most of a transcript's time is perdition's 3-second error sleeps, so sessions run in parallel.
 */
final class TranscriptRuns {

    private static final int PARALLEL_SESSIONS = 8;
    private static final long ALL_RUNS_TIMEOUT_SECONDS = 300;

    /** The transcripts of a class path folder, to run against host:port. */
    record Folder(String folder, String host, int port) {
    }

    private TranscriptRuns() {
    }

    /**
     * Runs every transcript of every folder (a folder must not be empty) and returns one test per transcript;
     * {@code context} adds to a failure message, e.g. the server's command line and log.
     */
    static Stream<DynamicTest> run(List<Folder> folders, Supplier<String> context) throws InterruptedException {
        Map<String, CompletableFuture<Void>> runs = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_SESSIONS);
        try {
            for (Folder folder : folders) {
                List<String> names = Transcript.list(folder.folder());
                assertThat(names).as("transcripts in " + folder.folder()).isNotEmpty();
                for (String name : names) {
                    Transcript transcript = Transcript.load(name);
                    runs.put(name, CompletableFuture.runAsync(() -> transcript.run(folder.host(), folder.port()), pool));
                }
            }
            CompletableFuture.allOf(runs.values().toArray(CompletableFuture[]::new))
                    .exceptionally(failure -> null)
                    .get(ALL_RUNS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("transcript runs did not finish: " + e + "\n" + context.get(), e);
        } finally {
            pool.shutdownNow();
        }
        return runs.entrySet().stream().map(run -> dynamicTest(run.getKey(), () -> {
            try {
                run.getValue().join();
            } catch (CompletionException e) {
                throw new AssertionError(e.getCause().getMessage() + "\n" + context.get(), e.getCause());
            }
        }));
    }

    /**
     * Logs in to Dovecot's IMAP and opens its ManageSieve port once: the auth and login processes start on first
     * use and can take half a second, and transcript replies are timed.
     */
    static void warmUp(DovecotServer dovecot) {
        try (LineClient imap = new LineClient(dovecot.host(), dovecot.imapPort())) {
            assertThat(imap.readLine()).startsWith("* OK");
            String line = imap.send("w1 LOGIN alice secret").readLine();
            while (line != null && line.startsWith("* ")) {
                line = imap.readLine();
            }
            assertThat(line).as("Dovecot's answer to the warm-up login").startsWith("w1 OK");
            imap.send("w2 LOGOUT");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot warm up Dovecot's IMAP", e);
        }
        try (LineClient sieve = new LineClient(dovecot.host(), dovecot.sievePort())) {
            String line;
            do {
                line = sieve.readLine();
            } while (line != null && !line.startsWith("OK"));
            assertThat(line).as("Dovecot's ManageSieve greeting").startsWith("OK");
            String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
            assertThat(sieve.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine())
                    .as("Dovecot's answer to the warm-up AUTHENTICATE").startsWith("OK");
            sieve.send("LOGOUT");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot warm up Dovecot's ManageSieve", e);
        }
    }
}
