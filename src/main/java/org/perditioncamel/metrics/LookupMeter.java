package org.perditioncamel.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** One popmap source: how long its lookups take (cache hits included) and how many failed. */
public final class LookupMeter {
    private final Timer duration;
    private final Counter errors;

    LookupMeter(MeterRegistry registry, String source) {
        duration = Timer.builder("perdition.popmap.lookup.duration").description("popmap lookups, cache hits included")
                .tag("source", source).serviceLevelObjectives(Durations.BUCKETS).register(registry);
        errors = Counter.builder("perdition.popmap.lookup.errors")
                .description("lookups the source could not answer (down, timed out, breaker open)")
                .tag("source", source).register(registry);
    }

    public void finished(long startedNanos, boolean failed) {
        duration.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        if (failed) {
            errors.increment();
        }
    }
}
