package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EventTimeTest {
    private final EventTime times = new EventTime();

    @Test
    void shouldPrintWhatTheDocumentedFormatterPrints() {
        SplittableRandom random = new SplittableRandom(7);
        Instant previous = Instant.parse("2026-12-07T02:45:12.999Z");
        for (int i = 0; i < 20_000; i++) {
            // runs within one second (the reused prefix) and jumps across years, months and leap days
            Instant time = i % 4 == 0
                    ? Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                            random.nextInt(1_000_000_000))
                    : previous.plusNanos(random.nextLong(0, 400_000_000L));
            assertThat(times.format(time)).as("%s", time).isEqualTo(EventDocument.TIME.format(time));
            previous = time;
        }
    }

    @Test
    void shouldKeepMillisecondsWhenTheyAreZeroAndPadEveryField() {
        assertThat(times.format(Instant.parse("0987-01-02T03:04:05Z"))).isEqualTo("0987-01-02T03:04:05.000Z");
        assertThat(times.format(Instant.parse("2024-02-29T23:59:59.007Z"))).isEqualTo("2024-02-29T23:59:59.007Z");
        assertThat(times.format(Instant.parse("2024-02-29T23:59:59.070Z"))).isEqualTo("2024-02-29T23:59:59.070Z");
    }

    @Test
    void yearsBeyondFourDigitsShouldFallBackToTheFormatter() {
        Instant far = Instant.parse("+12026-12-07T02:45:12.345Z");
        assertThat(times.format(far)).isEqualTo(EventDocument.TIME.format(far));
    }
}
