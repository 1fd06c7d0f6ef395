package org.perditioncamel.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class RestartSettingsTest {

    @Test
    void defaultsShouldCloseSessionsAtOnceAndNotShareThePort() {
        RestartSettings settings = RestartSettings.from(Settings.of(Map.of()));

        assertThat(settings.drainTimeoutSeconds()).isZero();
        assertThat(settings.reusePort()).isFalse();
    }

    @Test
    void configuredValuesShouldBeRead() {
        RestartSettings settings = RestartSettings.from(Settings.of(Map.of("drain_timeout", "60", "reuse_port", "true")));

        assertThat(settings.drainTimeoutSeconds()).isEqualTo(60);
        assertThat(settings.reusePort()).isTrue();
    }

    @Test
    void aNegativeDrainTimeShouldBeRefusedNamingTheKey() {
        assertThatThrownBy(() -> RestartSettings.from(Settings.of(Map.of("drain_timeout", "-1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drain_timeout: must be 0 or more seconds: -1");
    }
}
