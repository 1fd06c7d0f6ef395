package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
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
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every POP3 transcript is what the real perdition 2.2 answers, in front of a real Dovecot. */
class PerditionReferenceTranscriptIT {

    private static final String POP3_TRANSCRIPTS = "transcripts/pop3";
    // Each transcript spends most of its time in perdition's 3-second sleeps, so they run side by side.
    private static final int PARALLEL_SESSIONS = 8;
    private static final long ALL_RUNS_TIMEOUT_SECONDS = 300;

    @RegisterExtension
    @Order(1)
    static final DovecotServer DOVECOT = new DovecotServer();

    @RegisterExtension
    @Order(2)
    static final PerditionReference PERDITION = PerditionReference.pop3(DOVECOT);

    @TestFactory
    Stream<DynamicTest> pop3TranscriptsShouldMatchRealPerdition() throws InterruptedException {
        List<String> names = Transcript.list(POP3_TRANSCRIPTS);
        assertThat(names).as("transcripts in " + POP3_TRANSCRIPTS).isNotEmpty();
        DOVECOT.deliver("alice", "Subject: for STAT\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
        // Dovecot's auth process starts on the first login and can take half a second; replies are timed.
        RealClients.Result warmUp = RealClients.pythonPoplib(DOVECOT.host(), DOVECOT.pop3Port(), "alice", "secret", 0);
        assertThat(warmUp.exitCode()).as(warmUp.describe()).isZero();

        Map<String, CompletableFuture<Void>> runs = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_SESSIONS);
        try {
            for (String name : names) {
                Transcript transcript = Transcript.load(name);
                runs.put(name, CompletableFuture.runAsync(
                        () -> transcript.run(PERDITION.host(), PERDITION.port()), pool));
            }
            CompletableFuture.allOf(runs.values().toArray(CompletableFuture[]::new))
                    .exceptionally(failure -> null)
                    .get(ALL_RUNS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("transcript runs did not finish: " + e + "\nperdition log:\n"
                    + PERDITION.log(), e);
        } finally {
            pool.shutdownNow();
        }
        return runs.entrySet().stream().map(run -> dynamicTest(run.getKey(), () -> report(run.getValue())));
    }

    private static void report(CompletableFuture<Void> run) {
        try {
            run.join();
        } catch (CompletionException e) {
            throw new AssertionError(e.getCause().getMessage() + "\nperdition: " + String.join(" ",
                    PERDITION.command()), e.getCause());
        }
    }
}
