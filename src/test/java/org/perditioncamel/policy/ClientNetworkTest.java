package org.perditioncamel.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {
    private final ClientNetwork exact = new ClientNetwork(32, 128);
    private final ClientNetwork networks = new ClientNetwork(24, 64);

    @Test
    void addressesAreSpelledOneWay() {
        assertThat(exact.keyOf("192.0.2.10")).contains("192.0.2.10");
        assertThat(exact.keyOf("2001:DB8:0:0::10")).contains("2001:db8::10");
        assertThat(exact.keyOf("[2001:db8::10]")).contains("2001:db8::10");
        assertThat(exact.keyOf("::ffff:192.0.2.10")).as("IPv4-mapped").contains("192.0.2.10");
        // IPv4-compatible is another address: it must not relay for 192.0.2.10, nor its /64 for 192.0.2.0/24
        assertThat(exact.keyOf("::192.0.2.10")).isPresent().isNotEqualTo(java.util.Optional.of("192.0.2.10"));
        assertThat(networks.keyOf("::192.0.2.10")).contains("::/64");
        assertThat(exact.keyOf("[fe80::1%1]")).isPresent();
    }

    @Test
    void prefixesGrantNetworks() {
        assertThat(networks.keyOf("192.0.2.10")).contains("192.0.2.0/24");
        assertThat(networks.keyOf("192.0.2.200")).contains("192.0.2.0/24");
        assertThat(networks.keyOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).contains("2001:db8:1:2::/64");
        assertThat(new ClientNetwork(20, 48).keyOf("198.51.100.77")).contains("198.51.96.0/20");
    }

    @Test
    void namesAndGarbageAreNoAddress() {
        assertThat(exact.keyOf("mx.example.com")).isEmpty();
        assertThat(exact.keyOf("unknown")).isEmpty();
        assertThat(exact.keyOf("")).isEmpty();
        assertThat(exact.keyOf(null)).isEmpty();
        assertThat(exact.keyOf("192.0.2.300")).isEmpty();
        assertThat(exact.keyOf("192.0.2.10\u0000")).isEmpty();
    }

    /** A journal written under other prefixes: its keys are not this configuration's, whatever their width. */
    @Test
    void onlyKeysThesePrefixesMakeAreCurrent() {
        ClientNetwork slash24 = new ClientNetwork(24, 64);
        assertThat(slash24.isCurrentKey("192.0.2.0/24")).isTrue();
        assertThat(slash24.isCurrentKey("2001:db8:1:2::/64")).isTrue();
        assertThat(slash24.isCurrentKey("192.0.16.0/20")).isFalse();
        assertThat(slash24.isCurrentKey("192.0.2.10")).isFalse();
        assertThat(exact.isCurrentKey("192.0.2.10")).isTrue();
        assertThat(exact.isCurrentKey("192.0.2.0/24")).isFalse();
        assertThat(exact.isCurrentKey("garbage")).isFalse();

        RelayGrants grants = new RelayGrants();
        grants.grant("192.0.2.0/24", 5_000);
        grants.grant("192.0.16.0/20", 5_000);
        grants.grant("198.51.100.0/24", 9_000_000);   // journaled while the clock was ahead
        grants.retain(slash24::isCurrentKey, 10_000);
        assertThat(grants.granted("192.0.2.0/24", 4_999)).isTrue();
        assertThat(grants.granted("192.0.16.0/20", 0)).isFalse();
        assertThat(grants.until("198.51.100.0/24")).isEqualTo(10_000);
    }
}
