package org.perditioncamel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class DialectSettingsTest {

    @Test
    void nothingConfiguredShouldLeaveTheCapabilitiesToTheProtocols() {
        assertThat(DialectSettings.from(Settings.of(Map.of()))).isEqualTo(new DialectSettings(false, false,
                Optional.empty(), Optional.empty(), Optional.empty(), true));
    }

    @Test
    void eachKindOfValueShouldBeParsed() {
        DialectSettings s = DialectSettings.from(Settings.of(Map.of("no_lookup", "", "no_bind_banner", "true",
                "pop_capability", "", "imap_capability", "IMAP4rev1 ID", "managesieve_capability", "\"SASL\" \"\"")));
        assertThat(s).isEqualTo(new DialectSettings(true, true, Optional.of(""), Optional.of("IMAP4rev1 ID"),
                Optional.of("\"SASL\" \"\""), true));
    }

    @Test
    void imapAdvertiseAuthShouldBeOnUnlessTurnedOff() {
        assertThat(DialectSettings.from(Settings.of(Map.of("imap_advertise_auth", "no"))).imapAdvertiseAuth()).isFalse();
        assertThat(DialectSettings.from(Settings.of(Map.of("imap_advertise_auth", "yes"))).imapAdvertiseAuth()).isTrue();
    }
}
