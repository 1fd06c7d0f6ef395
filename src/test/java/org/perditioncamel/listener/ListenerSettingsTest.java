package org.perditioncamel.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

class ListenerSettingsTest {

    @Test
    void nothingConfiguredShouldGiveOnePop3ListenerOnEveryAddressWithTheDefaultLimits() {
        ListenerSettings s = ListenerSettings.from(Settings.of(Map.of()));
        assertThat(s.protocols()).containsExactly(Protocol.POP3);
        assertThat(s.bindAddresses()).isEqualTo(Map.of(Protocol.POP3, List.of()));
        assertThat(s.listenPorts()).isEqualTo(Map.of(Protocol.POP3, "110"));
        assertThat(s.connectionLimit()).isZero();
        assertThat(s.authenticateTimeoutSeconds()).isEqualTo(1800);
        assertThat(s.loginDeadlineSeconds()).isEqualTo(300);
        assertThat(s.maxLineLength()).isEqualTo(8192);
        assertThat(s.tcpKeepalive()).isFalse();
        assertThat(s.eventLoops()).isZero();
        assertThat(s.eventLoopsPerListener()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void eachKindOfValueShouldBeParsed() {
        ListenerSettings s = ListenerSettings.from(Settings.of(Map.ofEntries(
                Map.entry("protocol", "IMAP4"),
                Map.entry("listeners", "IMAP4, MANAGESIEVE,POP3"),
                Map.entry("bind_address", "127.0.0.1,[::1]:1143"),
                Map.entry("pop3.bind_address", "192.0.2.1"),
                Map.entry("listen_port", " 1143 "),
                Map.entry("managesieve.listen_port", "4191"),
                Map.entry("connection_limit", "7"),
                Map.entry("authenticate_timeout", ""),
                Map.entry("login_deadline", "60"),
                Map.entry("max_line_length", "100"),
                Map.entry("tcp_keepalive", "yes"),
                Map.entry("event_loops", "3"))));
        assertThat(s.protocols()).containsExactly(Protocol.IMAP4, Protocol.MANAGESIEVE, Protocol.POP3);
        assertThat(s.bindAddresses()).isEqualTo(Map.of(Protocol.IMAP4, List.of("127.0.0.1", "[::1]:1143"),
                Protocol.MANAGESIEVE, List.of("127.0.0.1", "[::1]:1143"), Protocol.POP3, List.of("192.0.2.1")));
        // listen_port is perdition's, so it is IMAP4's here; the others keep their own ports
        assertThat(s.listenPorts()).isEqualTo(Map.of(Protocol.IMAP4, "1143", Protocol.MANAGESIEVE, "4191",
                Protocol.POP3, "110"));
        assertThat(s.connectionLimit()).isEqualTo(7);
        assertThat(s.authenticateTimeoutSeconds()).isZero();   // perdition: "" counts as 0
        assertThat(s.loginDeadlineSeconds()).isEqualTo(60);
        assertThat(s.maxLineLength()).isEqualTo(100);
        assertThat(s.tcpKeepalive()).isTrue();
        assertThat(s.eventLoopsPerListener()).isEqualTo(3);
    }

    @Test
    void badValuesShouldBeRefusedWithTheirOptionsName() {
        assertThatThrownBy(() -> ListenerSettings.from(Settings.of(Map.of("event_loops", "-1"))))
                .hasMessageContaining("event_loops must be 0 (one per CPU) or more, not -1");
        assertThatThrownBy(() -> ListenerSettings.from(Settings.of(Map.of("listeners", "POP3,SMTP"))))
                .hasMessage("listeners: unknown protocol SMTP");
        assertThatThrownBy(() -> ListenerSettings.from(Settings.of(Map.of("protocol", "IMAP"))))
                .hasMessage("unknown protocol IMAP");
        assertThatThrownBy(() -> ListenerSettings.from(Settings.of(Map.of("connection_limit", "ten"))))
                .hasMessage("Parameter to connection_limit must be a positive integer: ten");
    }
}
