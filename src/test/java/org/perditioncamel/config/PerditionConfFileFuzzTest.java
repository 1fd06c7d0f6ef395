package org.perditioncamel.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files and arguments an operator writes: perdition.conf's grammar and perdition's command line. Whatever the
 * bytes, the result is the options read or a UsageException with perdition's exit status, never another exception.
 */
@Tag("fuzz")
class PerditionConfFileFuzzTest {
    private static Path configDir;

    @BeforeAll
    static void emptyConfigDir() throws Exception {
        configDir = Files.createTempDirectory("perdition-fuzz-conf");
    }

    @AfterAll
    static void removeConfigDir() throws Exception {
        Files.deleteIfExists(configDir);
    }

    @FuzzTest(maxDuration = "")
    void confFile(byte[] data) {
        for (String text : List.of(new String(data, StandardCharsets.ISO_8859_1), new String(data, StandardCharsets.UTF_8))) {
            PerditionConfFile file;
            try {
                file = PerditionConfFile.parse(text, "fuzz.conf");
            } catch (UsageException e) {
                assertUsage(e);
                continue;
            }
            long lines = lineEnds(text) + 1;
            for (ConfEntry entry : file.entries()) {
                assertThat(entry.bare() ? entry.value() : Optional.of(entry.key())).isPresent();
                assertThat((long) entry.line()).isBetween(1L, lines);
            }
            try {
                ConfFileOptions.of(file);
            } catch (UsageException e) {
                assertUsage(e);
            }
        }
    }

    /**
     * The arguments are the input split at NUL bytes. A '/' is left out, so that the config file an input may name
     * stays below the working directory: a device named as the config file is not a parser's business.
     */
    @FuzzTest(maxDuration = "")
    void commandLine(byte[] data) {
        List<String> argv = new ArrayList<>(Arrays.asList(new String(data, StandardCharsets.ISO_8859_1).split("\0", -1)));
        if (argv.stream().anyMatch(a -> a.indexOf('/') >= 0)) {
            return;
        }
        String invokedAs = argv.remove(0);
        try {
            LaunchOptions options = PerditionCommandLine.parse(invokedAs, argv.toArray(new String[0]), configDir);
            assertThat(options.protocol()).isNotNull();
        } catch (UsageException e) {
            assertUsage(e);
        }
    }

    /** CR, LF and CRLF each end a line, as the tokenizer counts them for its messages. */
    private static long lineEnds(String text) {
        return text.replace("\r\n", "\n").chars().filter(c -> c == '\n' || c == '\r').count();
    }

    private static void assertUsage(UsageException e) {
        assertThat(e.exitStatus()).isIn(UsageException.IO, UsageException.USAGE);
        assertThat(e.getMessage()).isNotBlank();
    }
}
