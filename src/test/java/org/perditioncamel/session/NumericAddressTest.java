package org.perditioncamel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class NumericAddressTest {

    @Test
    void ipv6ShouldBeCompressedAsInetNtopDoes() {
        assertThat(NumericAddress.ipv6(bytes(0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("::");
        assertThat(NumericAddress.ipv6(bytes(0, 0, 0, 0, 0, 0, 0, 1))).isEqualTo("::1");
        assertThat(NumericAddress.ipv6(bytes(1, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("1::");
        assertThat(NumericAddress.ipv6(bytes(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(NumericAddress.ipv6(bytes(0x2001, 0, 0, 1, 0, 0, 0, 1))).isEqualTo("2001:0:0:1::1");
        assertThat(NumericAddress.ipv6(bytes(0xfe80, 0, 0, 0, 0xabcd, 0, 0, 0x12))).isEqualTo("fe80::abcd:0:0:12");
        assertThat(NumericAddress.ipv6(bytes(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))).isEqualTo("::ffff:192.0.2.1");
    }

    private static byte[] bytes(int... words) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (words[i] >> 8);
            out[2 * i + 1] = (byte) words[i];
        }
        return out;
    }

    @Test
    void hostAndPortShouldBeEmptyWithoutAnAddress() {
        assertThat(NumericAddress.hostOf(null)).isEmpty();
        assertThat(NumericAddress.portOf(null)).isEmpty();
        assertThat(NumericAddress.hostPort(null)).isEmpty();
    }

    @Test
    void fromToShouldSpellIpv6TheSameWayAsLogLinesAndKeys() throws Exception {
        ProxySession session = new ProxySession(Protocol.IMAP4,
                new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:0:10"), 40000),
                new InetSocketAddress(InetAddress.getByName("0:0:0:0:0:0:0:1"), 143));

        assertThat(NumericAddress.fromTo(session)).isEqualTo("2001:db8::10:40000->::1:143");
        assertThat(NumericAddress.hostOf(session.client())).isEqualTo("2001:db8::10");
    }
}
