package org.perditioncamel.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class ManagementSettingsTest {
    @Test
    void offByDefaultAndOnLoopbackWhenOn() {
        assertThat(ManagementSettings.from(Settings.of(Map.of())).enabled()).isFalse();
        ManagementSettings on = ManagementSettings.from(Settings.of(Map.of("management_port", "9145")));
        assertThat(on).isEqualTo(new ManagementSettings(9145, "127.0.0.1"));
        assertThat(on.enabled()).isTrue();
    }

    @Test
    void badValuesShouldBeRefusedWithTheirKey() {
        assertThatThrownBy(() -> ManagementSettings.from(Settings.of(Map.of("management_port", "70000"))))
                .hasMessageContaining("management_port must be a port number");
        assertThatThrownBy(() -> ManagementSettings.from(Settings.of(Map.of("management_port", "x"))))
                .hasMessageContaining("management_port");
        assertThatThrownBy(() -> ManagementSettings.from(Settings.of(Map.of("management_port", "1",
                "management_bind_address", " ")))).hasMessageContaining("management_bind_address must name an address");
    }

    @Test
    void inetdModeShouldRefuseAManagementPort() {
        assertThatThrownBy(() -> ManagementSettings.from(Settings.of(Map.of("management_port", "9145",
                "inetd_mode", "true")))).hasMessageStartingWith("management_port cannot be used with inetd_mode");
        assertThat(ManagementSettings.from(Settings.of(Map.of("inetd_mode", "true"))).enabled()).isFalse();
    }

    @Test
    void problemsShouldBeValidJson() {
        assertThat(ManagementHandler.json(List.of("a \"quoted\" word"))).isEqualTo(
                "{\"status\":\"DOWN\",\"problems\":[\"a \\\"quoted\\\" word\"]}\n");
    }
}
