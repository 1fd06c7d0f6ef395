package org.perditioncamel.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void entriesShouldTakeTheirOwnPortOrListenPort() {
        assertThat(ListenAddress.of(List.of("127.0.0.1", "127.0.0.1:1110", "[::1]:995", "[::1]", "::1"), "pop3"))
                .containsExactly(new ListenAddress("127.0.0.1", 110), new ListenAddress("127.0.0.1", 1110),
                        new ListenAddress("::1", 995), new ListenAddress("::1", 110), new ListenAddress("::1", 110));
        assertThat(ListenAddress.of(List.of(), "143")).containsExactly(new ListenAddress("0.0.0.0", 143));
        assertThat(new ListenAddress("::1", 995)).hasToString("[::1]:995");
    }

    @Test
    void aBadPortOrHostShouldBeNamedInOneLine() {
        assertThatThrownBy(() -> ListenAddress.of(List.of(), "abc"))
                .hasMessage("listen_port: not a port number or known service name: abc");
        assertThatThrownBy(() -> ListenAddress.of(List.of("127.0.0.1"), "0"))
                .hasMessage("listen_port: port out of range: 0");
        assertThatThrownBy(() -> ListenAddress.of(List.of("127.0.0.1:99999"), "110"))
                .hasMessage("bind_address 127.0.0.1:99999: port out of range: 99999");
        assertThatThrownBy(() -> ListenAddress.of(List.of("[::1:110"), "110"))
                .hasMessage("bind_address [::1:110: no ] after the IPv6 address");
        assertThatThrownBy(() -> ListenAddress.of(List.of("no-such-host.invalid"), "110"))
                .hasMessage("bind_address no-such-host.invalid: cannot resolve no-such-host.invalid");
        assertThatThrownBy(() -> ListenAddress.of(List.of(":110"), "110"))
                .hasMessage("bind_address :110: no address");
    }
}
