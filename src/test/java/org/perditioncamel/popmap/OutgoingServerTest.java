package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutgoingServerTest {

    @Test
    void parseShouldTakeHostWithoutPort() {
        assertThat(OutgoingServer.parse("mail.example.com")).isEqualTo(new OutgoingServer("mail.example.com", -1));
    }

    @Test
    void parseShouldTakeHostAndPort() {
        assertThat(OutgoingServer.parse("10.0.0.1:1110")).isEqualTo(new OutgoingServer("10.0.0.1", 1110));
    }

    @Test
    void parseShouldTakeIpv6LiteralWithoutPort() {
        assertThat(OutgoingServer.parse("[2001:db8::1]")).isEqualTo(new OutgoingServer("2001:db8::1", -1));
    }

    @Test
    void parseShouldTakeIpv6LiteralWithPort() {
        assertThat(OutgoingServer.parse("[::1]:143")).isEqualTo(new OutgoingServer("::1", 143));
    }

    @Test
    void parseShouldIgnoreUserPrefix() {
        assertThat(OutgoingServer.parse("bob@backend:110")).isEqualTo(new OutgoingServer("backend", 110));
        assertThat(OutgoingServer.parse("bob@[::1]:110")).isEqualTo(new OutgoingServer("::1", 110));
    }

    @Test
    void parseShouldTreatEmptyPortAsNone() {
        assertThat(OutgoingServer.parse("backend:")).isEqualTo(new OutgoingServer("backend", -1));
    }

    @Test
    void parseShouldAcceptServiceNames() {
        assertThat(OutgoingServer.parse("backend:imap").port()).isEqualTo(143);
        assertThat(OutgoingServer.parse("backend:pop3s").port()).isEqualTo(995);
    }

    @Test
    void parseShouldRejectBadPortsAndBareIpv6() {
        assertThatThrownBy(() -> OutgoingServer.parse("backend:http-alt")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutgoingServer.parse("backend:70000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutgoingServer.parse("::1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutgoingServer.parse(":110")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseListShouldSplitOnCommasAndSkipEmptyEntries() {
        assertThat(OutgoingServer.parseList("a,[::1]:110, b:2110,,", "@")).containsExactly(
                new OutgoingServer("a", -1), new OutgoingServer("::1", 110), new OutgoingServer("b", 2110));
        assertThat(OutgoingServer.parseList("", "@")).isEmpty();
    }

    @Test
    void parseListShouldNameTheBadEntry() {
        assertThatThrownBy(() -> OutgoingServer.parseList("a,b:x", "@"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outgoing_server b:x");
    }

    @Test
    void forLogShouldWriteIpv6WithoutBrackets() {
        assertThat(new OutgoingServer("::1", 143).forLog()).isEqualTo("::1:143");
        assertThat(new OutgoingServer("backend", -1).forLog("pop3")).isEqualTo("backend:pop3");
        assertThat(new OutgoingServer("backend", 110).forLog("pop3")).isEqualTo("backend:110");
    }

    @Test
    void toStringShouldParseBack() {
        OutgoingServer server = new OutgoingServer("2001:db8::1", 993);
        assertThat(server.toString()).isEqualTo("[2001:db8::1]:993");
        assertThat(OutgoingServer.parse(server.toString())).isEqualTo(server);
    }
}
