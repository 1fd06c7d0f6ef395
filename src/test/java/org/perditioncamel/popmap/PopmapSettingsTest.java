package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

class PopmapSettingsTest {

    @Test
    void nothingConfiguredShouldGivePerditionsDefaults() {
        PopmapSettings s = PopmapSettings.from(Settings.of(Map.of()));
        assertThat(s.stripDomain()).isEmpty();
        assertThat(s.addDomain()).isEmpty();
        assertThat(s.addDomainDepth()).isEqualTo(1);
        assertThat(s.lowerCase()).isEmpty();
        assertThat(s.domainDelimiter()).isEqualTo("@");
        assertThat(s.explicitDomain()).isEmpty();
        assertThat(s.clientServerSpecification()).isFalse();
        assertThat(s.queryKeys()).isEmpty();
        assertThat(s.mapLibrary()).isEmpty();
        assertThat(s.mapLibraryOpt()).isEmpty();
        assertThat(s.outgoingServers()).isEmpty();
        assertThat(s.outgoingPort()).isEmpty();
        assertThat(s.noLookup()).isFalse();
        assertThat(s.usernameFromDatabase()).isFalse();
        assertThat(s.protocolOutgoingServers()).isEmpty();
        assertThat(s.protocolOutgoingPorts()).isEmpty();
    }

    @Test
    void eachKindOfValueShouldBeParsed() {
        PopmapSettings s = PopmapSettings.from(Settings.of(Map.ofEntries(
                Map.entry("strip_domain", "remote_login"),
                Map.entry("add_domain", "servername_lookup,2"),
                Map.entry("lower_case", "all"),
                Map.entry("domain_delimiter", "%"),
                Map.entry("explicit_domain", "example.com"),
                Map.entry("client_server_specification", "true"),
                Map.entry("query_key", "\\u,\\i"),
                Map.entry("map_library", ""),
                Map.entry("map_library_opt", "/tmp/popmap"),
                Map.entry("outgoing_server", "a, b:1110"),
                Map.entry("outgoing_port", " pop3 "),
                Map.entry("username_from_database", ""),
                Map.entry("imap4.outgoing_server", "imap.example"),
                Map.entry("imap4.outgoing_port", "1143"))));
        assertThat(s.stripDomain()).containsExactly(State.REMOTE_LOGIN);
        assertThat(s.addDomain()).containsExactly(State.SERVERNAME_LOOKUP);
        assertThat(s.addDomainDepth()).isEqualTo(2);
        assertThat(s.lowerCase()).isEqualTo(Set.of(State.values()));
        assertThat(s.domainDelimiter()).isEqualTo("%");
        assertThat(s.explicitDomain()).contains("example.com");
        assertThat(s.clientServerSpecification()).isTrue();
        assertThat(s.queryKeys()).containsExactly("\\u", "\\i");
        assertThat(s.mapLibrary()).contains("");
        assertThat(s.mapLibraryOpt()).contains("/tmp/popmap");
        assertThat(s.outgoingServers())
                .containsExactly(new OutgoingServer("a", OutgoingServer.NO_PORT), new OutgoingServer("b", 1110));
        assertThat(s.outgoingPort()).isEqualTo(Optional.of("pop3"));
        assertThat(s.usernameFromDatabase()).isTrue();
        assertThat(s.protocolOutgoingServers()).isEqualTo(Map.of(Protocol.IMAP4,
                List.of(new OutgoingServer("imap.example", OutgoingServer.NO_PORT))));
        assertThat(s.protocolOutgoingPorts()).isEqualTo(Map.of(Protocol.IMAP4, "1143"));
    }

    @Test
    void badValuesShouldBeRefusedWithTheirOptionsName() {
        assertThatThrownBy(() -> PopmapSettings.from(Settings.of(Map.of("lower_case", "lookup"))))
                .hasMessage("unknown state for lower_case: lookup");
        assertThatThrownBy(() -> PopmapSettings.from(Settings.of(Map.of("add_domain", "99999999999"))))
                .hasMessage("add_domain depth too large: 99999999999");
        assertThatThrownBy(() -> PopmapSettings.from(Settings.of(Map.of("pop3.outgoing_port", "0"))))
                .hasMessage("port out of range: 0");
    }
}
