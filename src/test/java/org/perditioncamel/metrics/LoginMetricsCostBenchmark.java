package org.perditioncamel.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.perditioncamel.session.Protocol;

/**
 * Prints what the metrics add to one login: every meter call a successful POP3 login makes (session opened, login
 * finished, backend connect and login timed, session closed with its bytes), in CPU nanoseconds of the calling thread.
 * Not a test: run it with
 * {@code java -cp target/test-classes:target/classes:target/lib/* org.perditioncamel.metrics.LoginMetricsCostBenchmark [logins]}.
 */
public final class LoginMetricsCostBenchmark {
    private LoginMetricsCostBenchmark() {
    }

    public static void main(String[] args) {
        int logins = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        ProxyMetrics metrics = new ProxyMetrics();
        run(metrics, logins / 4);   // warm-up: the JIT compiles the meters
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        run(metrics, logins);
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
        long wallNanos = System.nanoTime() - wall;
        for (int i = 0; i < 200; i++) {
            metrics.scrape();
        }
        long scrapeStart = System.nanoTime();
        int bytes = 0;
        for (int i = 0; i < 1000; i++) {
            bytes = metrics.scrape().length();
        }
        System.out.printf("%d logins: %.0f ns CPU, %.0f ns wall per login for the metrics; a scrape of %d bytes in %.2f ms%n",
                logins, (double) cpuNanos / logins, (double) wallNanos / logins, bytes,
                (System.nanoTime() - scrapeStart) / 1000 / 1e6);
    }

    private static void run(ProxyMetrics metrics, int logins) {
        for (int i = 0; i < logins; i++) {
            metrics.sessions().opened(Protocol.POP3);
            long started = metrics.now();
            metrics.backends().connected("mail1.example.org:110", 150_000);
            metrics.backends().loginFinished("mail1.example.org:110", (i & 7) != 0, 900_000);
            metrics.logins().finished(Protocol.POP3, started, (i & 7) != 0 ? null : "Re-Authentication Failure");
            metrics.sessions().closed(Protocol.POP3, 6, 120);
        }
    }
}
