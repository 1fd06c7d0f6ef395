package org.perditioncamel.popmap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The popmap files an operator writes, flat (makegdbm's key:value) and posix_regex: whatever the bytes, they are
 * read or refused with an IllegalArgumentException naming the file (what start-up reports), and every lookup
 * answers found or not found.
 */
@Tag("fuzz")
class PopmapFileFuzzTest {
    private static final Path FILE = Path.of("popmap.fuzz");
    /** Keys as users type them: a plain one, one with a domain, odd ones. */
    private static final List<String> KEYS = List.of("alice", "alice@example.com", "", "a:b", "x\r", "*)(uid=*");
    /**
     * A lookup's step budget here: the property (a match inside the key, or TooCostly) holds for any budget, and a
     * fuzzed rule that spends the real one (10 million steps, 250 ms) on each key cost seconds per execution.
     */
    private static final long STEP_BUDGET = 100_000;
    private static Level popmapLogLevel;

    /** Every fuzzed file warns about its rules (not anchored, and so on): a log line per rule slowed fuzzing 10-fold. */
    @BeforeAll
    static void quietPopmapWarnings() {
        popmapLogLevel = LogManager.getLogger("org.perditioncamel.popmap").getLevel();
        Configurator.setLevel("org.perditioncamel.popmap", Level.ERROR);
    }

    @AfterAll
    static void restorePopmapWarnings() {
        Configurator.setLevel("org.perditioncamel.popmap", popmapLogLevel);
    }

    @FuzzTest(maxDuration = "")
    void flat(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        Map<String, String> entries;
        try {
            entries = FlatFilePopmap.parse(text, FILE, true);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("popmap " + FILE);
            return;
        }
        // the lenient reading (a changed file) takes every entry the strict one does
        assertThat(FlatFilePopmap.parse(text, FILE, false)).isEqualTo(entries);
        entries.forEach((key, value) -> {
            assertThat(key).isNotEmpty().doesNotContain(":", "\n");
            assertThat(value).isNotEmpty().doesNotContain("\n");
        });
    }

    @FuzzTest(maxDuration = "")
    void regex(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        for (boolean keepPrefix : new boolean[] {false, true}) {
            List<RegexPopmap.Rule> rules;
            try {
                rules = RegexPopmap.parse(text, FILE, keepPrefix);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
                continue;
            }
            for (RegexPopmap.Rule rule : rules) {
                for (String key : KEYS) {
                    PosixRegex.Match match;
                    try {
                        match = rule.regex().match(key, STEP_BUDGET);
                    } catch (PosixRegex.TooCostly e) {
                        // a failed lookup, as RegexPopmap answers it
                        continue;
                    }
                    if (match != null) {
                        assertThat(match.start()).isBetween(0, key.length());
                        assertThat(match.end()).isBetween(match.start(), key.length());
                        assertThat(RegexPopmap.substitute(rule.substitution(), match)).isNotNull();
                    }
                }
            }
        }
    }
}
