package org.perditioncamel.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The events' time field, {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC ({@link EventDocument#TIME}), without a
 * formatter per event: the formatter builds a zoned date-time, zone rules and decimals for every one. The first 20
 * characters of a second are made once and reused for the events within it.
 */
final class EventTime {
    private record Second(long epochSecond, String prefix) {
    }

    /** The last second formatted; a race between threads only makes a second twice. */
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String format(Instant time) {
        long epochSecond = time.getEpochSecond();
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            LocalDateTime utc = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
            if (utc.getYear() < 0 || utc.getYear() > 9999) {
                return EventDocument.TIME.format(time);   // the formatter's sign and width beyond four digits
            }
            second = new Second(epochSecond, prefix(utc));
            last = second;
        }
        int millis = time.getNano() / 1_000_000;
        return new StringBuilder(24).append(second.prefix())
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append('Z').toString();
    }

    private static String prefix(LocalDateTime t) {
        StringBuilder out = new StringBuilder(20);
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        return digits(out, t.getSecond(), 2).append('.').toString();
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }
}
