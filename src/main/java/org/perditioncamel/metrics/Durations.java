package org.perditioncamel.metrics;

import java.time.Duration;

/** The histogram buckets of every latency we publish: a few fixed ones, so a scrape stays small. */
final class Durations {
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private Durations() {
    }
}
