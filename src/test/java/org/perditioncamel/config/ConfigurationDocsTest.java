package org.perditioncamel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConfigurationDocsTest {

    @Test
    void docsMentionEveryPerditionOption() throws Exception {
        String docs = Files.readString(Path.of("docs/configuration.md"));
        for (PerditionOption option : PerditionOption.values()) {
            assertThat(docs).as(option.longName()).contains("`" + option.display() + "`");
            option.shortName().ifPresent(c -> assertThat(docs).as(option.longName()).contains("`-" + c + "`"));
            if (!option.supported()) {
                assertThat(docs).contains("| `" + option.display() + "` |")
                        .containsPattern("\\| `" + option.display() + "` \\|.*\\| refused: not yet supported[^|]*\\|");
            }
        }
        assertThat(docs).contains("## Keys beyond perdition");
    }
}
