package org.perditioncamel.log;

import java.time.LocalDateTime;

/** strftime "%b %e %H:%M:%S" in the C locale, as vanessa_logger and glibc syslog() stamp their lines. */
public final class LogTimestamp {
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private LogTimestamp() {
    }

    public static String format(LocalDateTime time) {
        StringBuilder out = new StringBuilder(15);
        out.append(MONTHS[time.getMonthValue() - 1]).append(' ');
        if (time.getDayOfMonth() < 10) {
            out.append(' ');   // %e pads the day with a space, not a zero
        }
        out.append(time.getDayOfMonth()).append(' ');
        two(out, time.getHour()).append(':');
        two(out, time.getMinute()).append(':');
        return two(out, time.getSecond()).toString();
    }

    private static StringBuilder two(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }
}
