package org.perditioncamel.popmap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * perdition's flat popmap ({@code key:value} lines, the input of makegdbm), re-read when the file changes.
 */
public final class FlatFilePopmap implements Popmap {
    private static final Logger LOG = LoggerFactory.getLogger(FlatFilePopmap.class);

    private final WatchedFile<Map<String, String>> file;

    FlatFilePopmap(Path file, LongSupplier nanoClock) {
        this(file, nanoClock, false, PopmapSettings.DEFAULT_DELIMITER);
    }

    private FlatFilePopmap(Path file, LongSupplier nanoClock, boolean strict, String delimiter) {
        this.file = new WatchedFile<>(file, text -> parse(text, file, strict, delimiter), nanoClock);
    }

    /**
     * The popmap for start-up: a missing or unreadable file, or an entry whose port is no port, is an
     * IllegalArgumentException naming the file (and line), so that users are never silently sent to outgoing_server.
     * Later readings of a changed file only warn.
     */
    public static FlatFilePopmap open(Path file, String delimiter) {
        FlatFilePopmap popmap = new FlatFilePopmap(file, System::nanoTime, true, delimiter);
        Map<String, String> entries = popmap.file.require();
        popmap.file.checkedInBackground();
        LOG.info("popmap {}: {} entries, re-read when it changes", file, entries.size());
        return popmap;
    }

    public Path file() {
        return file.file();
    }

    @Override
    public LookupResult lookup(String key) {
        WatchedFile.Reading<Map<String, String>> current = file.current();
        if (current.content() == null) {
            return new LookupResult.Failed(current.problem());
        }
        String value = current.content().get(key);
        return value == null ? new LookupResult.NotFound() : new LookupResult.Found(value);
    }

    /**
     * makegdbm's reading: the key runs to the first {@code :}, the value is the rest of the line; no trimming and
     * no comments ({@code # x:y} has the key "# x"); the first of duplicate keys wins. Blank lines are skipped;
     * lines with no colon, an empty key or an empty value are skipped with a warning naming the line, as makegdbm
     * rejects them. Only {@code \n} ends a line, so a CRLF file keeps the CR in its values, as it would in the gdbm
     * map; the server selection reads a value without blanks around it (ServerSelection.popmapResult). A value whose port is no port is an error when {@code strict} (start-up), else a warning.
     */
    static Map<String, String> parse(String text, Path file, boolean strict) {
        return parse(text, file, strict, PopmapSettings.DEFAULT_DELIMITER);
    }

    /** As above, a value's user part ending at domain_delimiter, as a login reads it (ServerSelection). */
    static Map<String, String> parse(String text, Path file, boolean strict, String delimiter) {
        Map<String, String> entries = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int carriageReturns = 0;
        int start = 0;
        int lineNumber = 0;
        while (start < text.length()) {
            lineNumber++;
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();   // makegdbm reads a last line without newline unreliably; we take it
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (isBlank(line)) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1 || colon == line.length() - 1) {
                LOG.warn("popmap {}:{}: skipped, not key:value (makegdbm skips it too)", file, lineNumber);
                continue;
            }
            String value = line.substring(colon + 1);
            if (value.endsWith("\r")) {
                carriageReturns++;
            }
            try {
                UserServerPort.parse(value.strip(), delimiter);
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + lineNumber + ": " + e.getMessage());
            }
            entries.putIfAbsent(line.substring(0, colon), value);
        }
        if (carriageReturns > 0) {
            LOG.warn("popmap {} has {} values ending in a carriage return (CRLF file?); a login ignores it, where "
                    + "perdition's gdbm map kept it in the server's name or port", file, carriageReturns);
        }
        if (!problems.isEmpty()) {
            if (strict) {
                throw new IllegalArgumentException("popmap " + String.join("; ", problems));
            }
            problems.forEach(p -> LOG.warn("popmap {}; a login with this entry goes to outgoing_server", p));
        }
        return entries;
    }

    private static boolean isBlank(String line) {
        return line.chars().allMatch(c -> c == ' ' || c == '\t');
    }

    @Override
    public String toString() {
        return "flat popmap " + file.file();
    }
}
