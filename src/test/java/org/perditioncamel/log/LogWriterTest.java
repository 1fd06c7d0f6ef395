package org.perditioncamel.log;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LogWriterTest {
    @Test
    void linesShouldBeWrittenInOrderOffTheCallersThread() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (LogWriter writer = new LogWriter(100)) {
            for (int i = 0; i < 50; i++) {
                writer.write(l -> {
                    written.add(l);
                    threads.add(Thread.currentThread().getName());
                }, "line " + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 50);
        }
        assertThat(written.get(0)).isEqualTo("line 0");
        assertThat(written.get(49)).isEqualTo("line 49");
        assertThat(threads).allMatch(t -> t.equals("perdition-log-writer"));
    }

    @Test
    void aStuckSinkShouldCostDroppedLinesNotMemoryOrABlockedCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LogWriter writer = new LogWriter(1_000_000)) {
            writer.write(l -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "blocks the writer");
            String big = "x".repeat(1024 * 1024);
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                writer.write(l -> { }, big);   // 40 MiB offered, 16 MiB allowed to wait
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
            assertThat(writer.dropped()).isGreaterThanOrEqualTo(40 - 16);
            release.countDown();
        }
    }

    @Test
    void linesRejectedByAFullQueueShouldNotKeepTheirCharactersCountedAsWaiting() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        try (LogWriter writer = new LogWriter(1)) {
            writer.write(l -> {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "blocks the writer");
            assertThat(writing.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();   // taken off the queue
            writer.write(written::add, "fills the queue");
            String big = "x".repeat(1024 * 1024);
            for (int i = 0; i < 20; i++) {
                writer.write(written::add, big);   // each rejected by the full queue, 20 MiB in all
            }
            assertThat(writer.dropped()).isEqualTo(20);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> written.contains("fills the queue"));
            String after = "after the burst " + "y".repeat(4 * 1024 * 1024);   // fits the 16 MiB unless they leaked
            writer.write(written::add, after);
            await().atMost(Duration.ofSeconds(5)).until(() -> written.contains(after));
            assertThat(writer.dropped()).as("nothing dropped once the queue had room").isEqualTo(20);
        }
    }
}
