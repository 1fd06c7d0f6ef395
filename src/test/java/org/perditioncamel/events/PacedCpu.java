package org.perditioncamel.events;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * For EventsThroughputBenchmark's paced mode: offers events at a fixed rate, waits until the consumer has them all,
 * and prints the CPU the process and each group of its threads spent per event.
 */
final class PacedCpu {
    private PacedCpu() {
    }

    static void measure(int events, long intervalNanos, AtomicLong received, IntConsumer publish)
            throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> before = byGroup(threads);
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            publish.accept(i);
            LockSupport.parkNanos(start + (i + 1) * intervalNanos - System.nanoTime());
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (received.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long cpu = os.getProcessCpuTime() - cpuBefore;
        Map<String, Long> after = byGroup(threads);
        System.out.printf("paced: %d events at %.0f/s, %d received; process CPU %.1f µs per event%n", events,
                1e9 / intervalNanos, received.get(), cpu / 1e3 / events);
        after.forEach((group, nanos) -> System.out.printf("  %-28s %7.1f µs per event%n", group,
                (nanos - before.getOrDefault(group, 0L)) / 1e3 / events));
    }

    /** CPU time so far of the live threads, summed by what they do (their name says). */
    private static Map<String, Long> byGroup(ThreadMXBean threads) {
        Map<String, Long> sums = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                sums.merge(group(info.getThreadName()), nanos, Long::sum);
            }
        }
        return sums;
    }

    private static String group(String name) {
        if (name.contains("seda://")) {
            return "seda (log line, JSON, send)";
        }
        if (name.contains("buffer-timeout")) {
            return "Artemis journal flush";
        }
        if (name.contains("activemq") || name.startsWith("Thread-")) {
            return "Artemis (brokers, bridge)";
        }
        if (name.contains("Compiler")) {
            return "JIT";
        }
        return name.startsWith("main") ? "publisher (main)" : "other";
    }
}
