package org.perditioncamel.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks and combines --ssl_mode lists the way perdition does (OR-ed, case-insensitive, no ssl_X with tls_X). */
final class SslModes {
    static final String NONE = "none";
    private static final List<String> KNOWN = List.of(NONE, "ssl_listen", "ssl_outgoing", "ssl_all",
            "tls_listen", "tls_outgoing", "tls_all", "tls_listen_force", "tls_outgoing_force", "tls_all_force");

    private SslModes() {
    }

    /**
     * Canonical form: lower case, duplicates dropped, "none" kept only when nothing else is asked for. An empty
     * value is an empty item, which perdition 2.2 refuses ("unknown ssl_mode: ").
     */
    static String normalise(String value, String origin) throws UsageException {
        Set<String> modes = new LinkedHashSet<>();
        for (String item : value.split(",", -1)) {
            String mode = item.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(mode)) {
                throw UsageException.usage(origin, "unknown ssl_mode: " + item);
            }
            modes.add(mode);
        }
        return join(modes);
    }

    /** Union of two normalised lists, keeping first-seen order. */
    static String union(String earlier, String later) {
        Set<String> modes = new LinkedHashSet<>(items(earlier));
        modes.addAll(items(later));
        return join(modes);
    }

    /** perdition exits on ssl_X together with tls_X for the same side. */
    static void checkCombination(String value, String origin) throws UsageException {
        Set<String> modes = items(value);
        boolean sslListen = modes.contains("ssl_listen") || modes.contains("ssl_all");
        boolean sslOutgoing = modes.contains("ssl_outgoing") || modes.contains("ssl_all");
        boolean tlsListen = modes.stream().anyMatch(m -> m.startsWith("tls_listen") || m.startsWith("tls_all"));
        boolean tlsOutgoing = modes.stream().anyMatch(m -> m.startsWith("tls_outgoing") || m.startsWith("tls_all"));
        if ((sslListen && tlsListen) || (sslOutgoing && tlsOutgoing)) {
            throw UsageException.usage(origin, "invalid ssl_mode combination: " + value);
        }
    }

    /** True for "", "none" and lists made only of "none". */
    static boolean asksForNoTls(String value) {
        for (String item : value.split(",")) {
            String mode = item.trim().toLowerCase(Locale.ROOT);
            if (!mode.isEmpty() && !mode.equals(NONE)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> items(String normalised) {
        Set<String> modes = new LinkedHashSet<>();
        for (String item : normalised.split(",")) {
            if (!item.isEmpty()) {
                modes.add(item);
            }
        }
        return modes;
    }

    private static String join(Set<String> modes) {
        if (modes.size() > 1) {
            modes.remove(NONE);
        }
        return String.join(",", modes);
    }
}
