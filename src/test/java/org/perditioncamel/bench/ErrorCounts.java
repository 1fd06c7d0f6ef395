package org.perditioncamel.bench;

import java.util.Map;
import java.util.TreeMap;

/** Errors by kind (the message with its numbers blanked, so errors of one kind add up); always reported. */
final class ErrorCounts {
    private static final int MAX_KIND = 120;

    private final Map<String, Long> kinds = new TreeMap<>();

    void add(String error) {
        String kind = error.replaceAll("[0-9]+", "N");
        kinds.merge(kind.length() > MAX_KIND ? kind.substring(0, MAX_KIND) : kind, 1L, Long::sum);
    }

    long total() {
        return kinds.values().stream().mapToLong(Long::longValue).sum();
    }

    void report(Map<String, Object> figures) {
        figures.put("errors", total());
        figures.put("error_kinds", kinds);
    }
}
