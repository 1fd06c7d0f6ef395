package org.perditioncamel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoutesDirectoryTest {
    @Test
    void anOperatorsDirectoryShouldWinOverTheLaunchersAndBothOverTheBuiltInRoutes() throws Exception {
        Path launcher = Files.createTempDirectory("dist-routes-");
        Path operator = Files.createTempDirectory("my-routes-");
        Map<String, String> properties = Map.of("perdition.routes_directory", launcher.toString());

        assertThat(RoutesDirectory.of(Map.of(), properties::get)).contains(launcher);
        assertThat(RoutesDirectory.of(Map.of("routes_directory", operator.toString()), properties::get)).contains(operator);
        assertThat(RoutesDirectory.of(Map.of("routes_directory", ""), properties::get)).isEmpty();
        assertThat(RoutesDirectory.of(Map.of(), key -> null)).isEmpty();

        assertThat(RoutesDirectory.includePattern(operator)).isEqualTo("file:" + operator + "/*.camel.yaml");
    }
}
