package org.perditioncamel.log;

import java.util.Locale;
import java.util.Map;

/** The facility names glibc's syslog.h knows (perdition -F takes them by name), with their numeric codes. */
public final class SyslogFacility {
    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("security", 4), Map.entry("syslog", 5), Map.entry("lpr", 6),
            Map.entry("news", 7), Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10),
            Map.entry("ftp", 11), Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18),
            Map.entry("local3", 19), Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22),
            Map.entry("local7", 23));

    private SyslogFacility() {
    }

    /** perdition exits with "Fatal error opening logger" on an unknown name; we refuse it at start-up too. */
    public static int code(String name) {
        Integer code = CODES.get(name.trim().toLowerCase(Locale.ROOT));
        if (code == null) {
            throw new IllegalArgumentException("log_facility: unknown syslog facility " + name
                    + " (use mail, daemon, local0-7, …, a /path, - or +)");
        }
        return code;
    }

    /** The PRI value of RFC 3164 §4.1.1: facility * 8 + severity. */
    public static int priority(int facility, Severity severity) {
        return facility * 8 + severity.code();
    }
}
