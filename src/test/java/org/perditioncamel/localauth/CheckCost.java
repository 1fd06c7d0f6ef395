package org.perditioncamel.localauth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What one local authentication costs on this machine, measured on the calling thread (the pool thread in the
 * proxy): CPU time of this JVM thread (including libpam's native code; not the directory's or database's) and wall
 * time, written to target/local-auth-cost.txt for the docs.
 */
final class CheckCost {
    record Cost(double cpuMillis, double wallMillis) {
    }

    interface Check {
        void run() throws Exception;
    }

    private CheckCost() {
    }

    /** Runs the check a few times to warm up, then {@code times} times; the mean per check. */
    static Cost measure(String what, int times, Check check) throws Exception {
        for (int i = 0; i < Math.max(3, times / 5); i++) {
            check.run();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < times; i++) {
            check.run();
        }
        Cost cost = new Cost((threads.getCurrentThreadCpuTime() - cpu) / 1e6 / times,
                (System.nanoTime() - wall) / 1e6 / times);
        Files.writeString(Path.of("target/local-auth-cost.txt"), String.format(Locale.ROOT,
                "%s: %d checks, %.2f ms CPU and %.2f ms wall each%n", what, times, cost.cpuMillis(), cost.wallMillis()),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return cost;
    }
}
