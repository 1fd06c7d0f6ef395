package org.perditioncamel.popmap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.perditioncamel.config.ConfEntry;
import org.perditioncamel.config.PerditionConfFile;
import org.perditioncamel.config.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * perdition's posix_regex map (popmap.re, reference §10.4): one {@code <ERE>[:] <substitution>} rule per line in the
 * config-file grammar (quotes, escapes, comments; extra fields on a line are further rule pairs), the first rule
 * that matches the key wins, and {@code $0}…{@code $9} in the substitution are the match and its groups. Matching is
 * POSIX leftmost-longest ({@link PosixRegex}). Re-read when the file changes, where perdition needs a SIGHUP.
 * <p>
 * perdition answers the part of the key before the match followed by the substitution (and, after an empty match,
 * the character after it); with {@code keepPrefix} (popmap.regex.keep_prefix) so do we, otherwise the answer is the
 * substitution alone, and a rule not anchored with {@code ^} gets a warning at load time, because there perdition's
 * answers may differ.
 */
public final class RegexPopmap implements Popmap {
    private static final Logger LOG = LoggerFactory.getLogger(RegexPopmap.class);

    private final WatchedFile<List<Rule>> file;
    private final boolean keepPrefix;

    RegexPopmap(Path file, boolean keepPrefix, LongSupplier nanoClock) {
        this.keepPrefix = keepPrefix;
        this.file = new WatchedFile<>(file, text -> parse(text, file, keepPrefix), nanoClock);
    }

    /** For start-up: a missing, unreadable or malformed file is an IllegalArgumentException naming file and line. */
    public static RegexPopmap open(Path file, boolean keepPrefix) {
        RegexPopmap popmap = new RegexPopmap(file, keepPrefix, System::nanoTime);
        List<Rule> rules = popmap.file.require();
        popmap.file.checkedInBackground();
        LOG.info("popmap {}: {} regex rules{}, re-read when it changes", file, rules.size(),
                keepPrefix ? " (keep_prefix: answers as perdition 2.2)" : "");
        return popmap;
    }

    public Path file() {
        return file.file();
    }

    @Override
    public LookupResult lookup(String key) {
        WatchedFile.Reading<List<Rule>> current = file.current();
        if (current.content() == null) {
            return new LookupResult.Failed(current.problem());
        }
        for (Rule rule : current.content()) {
            PosixRegex.Match match;
            try {
                match = rule.regex.match(key);
            } catch (PosixRegex.TooCostly e) {
                LOG.warn("popmap {}:{}: {}", file.file(), rule.line, e.getMessage());
                return LookupResult.failedForKey(e.getMessage());
            }
            if (match != null) {
                return answer(key, rule, match);
            }
        }
        return new LookupResult.NotFound();
    }

    private LookupResult answer(String key, Rule rule, PosixRegex.Match match) {
        String substituted = substitute(rule.substitution, match);
        if (!keepPrefix) {
            return new LookupResult.Found(substituted);
        }
        if (match.start() == match.end()) {
            // perdition's loop for further replacements: an empty match at the end is "not found", elsewhere the
            // character after it is kept
            return match.start() >= key.length() ? new LookupResult.NotFound()
                    : new LookupResult.Found(key.substring(0, match.start()) + substituted + key.charAt(match.start()));
        }
        return new LookupResult.Found(key.substring(0, match.start()) + substituted);
    }

    /** $0 to $9 are the match and its groups; a $ before anything else, or before a group that took no part, stays. */
    static String substitute(String substitution, PosixRegex.Match match) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < substitution.length(); i++) {
            char c = substitution.charAt(i);
            if (c == '$' && i + 1 < substitution.length() && Character.isDigit(substitution.charAt(i + 1))
                    && substitution.charAt(i + 1) <= '9') {
                String group = match.group(substitution.charAt(i + 1) - '0');
                if (group != null) {
                    out.append(group);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * A rule on an indented line is a rule as any other: perdition.conf reads an indented line as a bare value, whose
     * quotes would no longer hold a regex with a blank together ("^a b$"). A continued line keeps its blanks.
     */
    static String withoutIndent(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean continued = false;
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(continued ? line : line.stripLeading());
            continued = line.endsWith("\\");
        }
        return out.toString();
    }

    static List<Rule> parse(String text, Path file, boolean keepPrefix) {
        PerditionConfFile conf;
        try {
            conf = PerditionConfFile.parse(withoutIndent(text), file.toString());
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        conf.warnings().forEach(w -> LOG.warn("popmap {}", w));
        List<Rule> rules = new ArrayList<>();
        for (ConfEntry entry : conf.entries()) {
            String where = file + ":" + entry.line();
            List<String> fields = new ArrayList<>();
            if (!entry.bare()) {
                fields.add(entry.key());    // an indented line's first word is in its value
            }
            for (String field : entry.value().orElse("").split("[ \t]+")) {
                if (!field.isEmpty()) {
                    fields.add(field);
                }
            }
            if (fields.size() % 2 != 0) {
                throw new IllegalArgumentException(where + ": a regular expression without its substitution");
            }
            for (int f = 0; f < fields.size(); f += 2) {
                String regex = fields.get(f);
                if (regex.endsWith(":")) {
                    regex = regex.substring(0, regex.length() - 1);     // one colon may end the regex
                }
                try {
                    rules.add(new Rule(PosixRegex.compile(regex), fields.get(f + 1), entry.line()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
                if (!keepPrefix && !regex.startsWith("^")) {
                    LOG.warn("popmap {}: rule {} is not anchored with ^: when it matches after the start of a key, "
                            + "perdition 2.2 answers the text before the match followed by the substitution, and "
                            + "perdition-camel the substitution alone (popmap.regex.keep_prefix=true does as "
                            + "perdition)", where, regex);
                }
            }
        }
        return List.copyOf(rules);
    }

    @Override
    public String toString() {
        return "posix_regex popmap " + file.file();
    }

    record Rule(PosixRegex regex, String substitution, int line) {
    }
}
