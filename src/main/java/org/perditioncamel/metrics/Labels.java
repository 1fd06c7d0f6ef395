package org.perditioncamel.metrics;

import java.util.Locale;

/** Turns free text (a failure reason, a backend name) into a label value Prometheus users can match on. */
final class Labels {
    private static final int MAX_LENGTH = 64;

    private Labels() {
    }

    /** "popmap unavailable: timed out" → "popmap_unavailable": the part before any detail, in snake case. */
    static String reason(String text) {
        if (text == null || text.isBlank()) {
            return "unknown";
        }
        int detail = text.indexOf(':');
        String head = (detail > 0 ? text.substring(0, detail) : text).trim().toLowerCase(Locale.ROOT);
        StringBuilder label = new StringBuilder(head.length());
        for (int i = 0; i < head.length() && label.length() < MAX_LENGTH; i++) {
            char c = head.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (word) {
                label.append(c);
            } else if (label.length() > 0 && label.charAt(label.length() - 1) != '_') {
                label.append('_');
            }
        }
        while (label.length() > 0 && label.charAt(label.length() - 1) == '_') {
            label.setLength(label.length() - 1);
        }
        return label.length() == 0 ? "unknown" : label.toString();
    }
}
