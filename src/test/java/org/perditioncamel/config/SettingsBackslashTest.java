package org.perditioncamel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every backslash of a value survives, wherever it stands and wherever the value comes from (perdition's query_key). */
class SettingsBackslashTest {
    private static final String KEY = "query_key";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"\\u", "nomatch-\\u,\\u", "\\u@\\d,\\d", "x\\", "a\\b", "\\\\u", "\\U,\\u,\\d,\\i"})
    void commandLineValueShouldKeepEveryBackslash(String value) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties override = new Properties();
            override.setProperty(KEY, value);
            context.getPropertiesComponent().setOverrideProperties(override);

            assertThat(Settings.of(context).get(KEY)).contains(value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u", "nomatch-\\u,\\u", "\\u@\\d,\\d"})
    void propertiesFileValueShouldKeepEveryBackslash(String value) throws Exception {
        Path file = dir.resolve("application.properties");
        Properties stored = new Properties();
        stored.setProperty(KEY, value);
        try (var out = Files.newOutputStream(file)) {
            stored.store(out, null);
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:" + file);

            assertThat(Settings.of(context).get(KEY)).contains(value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u", "nomatch-\\u,\\u"})
    void commandLineShouldStillBeatTheFile(String value) throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, KEY + " = from-file\n");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:" + file);
            Properties override = new Properties();
            override.setProperty(KEY, value);
            context.getPropertiesComponent().setOverrideProperties(override);

            assertThat(Settings.of(context).get(KEY)).contains(value);
        }
    }
}
