package org.perditioncamel.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class LoginSettingsTest {

    @Test
    void nothingConfiguredShouldGivePerditionsDefaults() {
        assertThat(LoginSettings.from(Settings.of(Map.of())))
                .isEqualTo(new LoginSettings("You are so in", false, false, 10, 30, 1800, 300, 3000, false, false));
    }

    @Test
    void eachKindOfValueShouldBeParsed() {
        LoginSettings s = LoginSettings.from(Settings.of(Map.of(
                "ok_line", "", "server_resp_line", "", "login_disabled", "true", "connect_timeout", "2",
                "backend_login_timeout", "5", "timeout", "0", "connect_relog", " 60 ", "error_delay", "0",
                "imap_id_forward", "on", "tcp_keepalive", "1")));
        assertThat(s).isEqualTo(new LoginSettings("", true, true, 2, 5, 0, 60, 0, true, true));
    }

    @Test
    void badValuesShouldBeRefusedWithTheirOptionsName() {
        assertThatThrownBy(() -> LoginSettings.from(Settings.of(Map.of("error_delay", "soon"))))
                .hasMessage("error_delay must be a number: soon");
        assertThatThrownBy(() -> LoginSettings.from(Settings.of(Map.of("login_disabled", "maybe"))))
                .hasMessage("login_disabled is a flag; use true or false, not maybe");
        // 0 is "no limit" for authenticate_timeout and login_deadline; here it would fail every login at once
        assertThatThrownBy(() -> LoginSettings.from(Settings.of(Map.of("backend_login_timeout", "0"))))
                .hasMessage("backend_login_timeout must be at least 1 (seconds): 0");
    }
}
