package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class UserServerPortTest {

    @Test
    void parseShouldSplitUserAtLastDelimiterAndPortAtLastColon() {
        UserServerPort result = UserServerPort.parse("a@b@host:1143", "@");
        assertThat(result.user()).contains("a@b");
        assertThat(result.server()).contains(new OutgoingServer("host", 1143));
    }

    @Test
    void parseShouldKeepColonsInUserPart() {
        UserServerPort result = UserServerPort.parse("a:b@host:1143", "@");
        assertThat(result.user()).contains("a:b");
        assertThat(result.server()).contains(new OutgoingServer("host", 1143));
    }

    @Test
    void parseShouldTakeHostAlone() {
        assertThat(UserServerPort.parse("localhost", "@"))
                .isEqualTo(new UserServerPort(Optional.empty(), Optional.of(new OutgoingServer("localhost", -1))));
    }

    @Test
    void parseShouldTakeIpv6WithUserAndPort() {
        UserServerPort result = UserServerPort.parse("alice@[2001:db8::25]:143", "@");
        assertThat(result.user()).contains("alice");
        assertThat(result.server()).contains(new OutgoingServer("2001:db8::25", 143));
    }

    @Test
    void parseShouldTakeIpv6WithoutPort() {
        assertThat(UserServerPort.parse("[::1]", "@").server()).contains(new OutgoingServer("::1", -1));
    }

    @Test
    void parseShouldUseMultiCharacterDelimiter() {
        UserServerPort result = UserServerPort.parse("alice%%host:110", "%%");
        assertThat(result.user()).contains("alice");
        assertThat(result.server()).contains(new OutgoingServer("host", 110));
    }

    @Test
    void parseShouldGiveNoServerWhenHostIsEmpty() {
        UserServerPort result = UserServerPort.parse("alice@:110", "@");
        assertThat(result.user()).contains("alice");
        assertThat(result.server()).isEmpty();
    }

    @Test
    void parseShouldRejectUnknownServiceName() {
        assertThatThrownBy(() -> UserServerPort.parse("host:nonsense", "@")).isInstanceOf(IllegalArgumentException.class);
    }
}
