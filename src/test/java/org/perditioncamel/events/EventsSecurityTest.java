package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.junit.jupiter.api.Test;

class EventsSecurityTest {
    private final EventsSecurity security = new EventsSecurity("s3cret", "smtp", Optional.of("pw"), true);

    @Test
    void anonymousConsumersShouldOnlyComeFromLoopback() {
        assertThat(security.roleOf(null, null, "/127.0.0.1:40000", false)).isEqualTo(EventsSecurity.CONSUMER_ROLE);
        assertThat(security.roleOf(null, null, "/127.8.9.10:40000", false)).isEqualTo(EventsSecurity.CONSUMER_ROLE);
        assertThat(security.roleOf("", null, "[::1]:40000", false)).isEqualTo(EventsSecurity.CONSUMER_ROLE);
        assertThat(security.roleOf(null, null, "/192.0.2.10:40000", false)).isNull();
        assertThat(security.roleOf(null, null, "localhost:40000", false)).isNull();
        assertThat(security.roleOf(null, null, null, false)).isNull();
        assertThat(new EventsSecurity("s3cret", "smtp", Optional.empty(), false).roleOf(null, null, "/127.0.0.1:1", false))
                .isNull();
    }

    @Test
    void namedUsersShouldNeedTheirPassword() {
        assertThat(security.roleOf("smtp", "pw", "/192.0.2.10:1", false)).isEqualTo(EventsSecurity.CONSUMER_ROLE);
        assertThat(security.roleOf("smtp", "wrong", "/127.0.0.1:1", false)).isNull();
        assertThat(security.roleOf(EventsSecurity.BRIDGE_USER, "s3cret", "/127.0.0.1:1", true)).isEqualTo(EventsSecurity.BRIDGE_ROLE);
        assertThat(security.roleOf(EventsSecurity.BRIDGE_USER, "pw", "/127.0.0.1:1", true)).isNull();
        assertThat(new EventsSecurity("s3cret", "smtp", Optional.empty(), true).roleOf("smtp", "", "/127.0.0.1:1", false))
                .isNull();
    }

    @Test
    void theBridgeSecretShouldBeRefusedOutsideTls() {
        // sent on the plain port, nothing proved the listener was the hub: whoever listened there has it now
        assertThat(security.roleOf(EventsSecurity.BRIDGE_USER, "s3cret", "/127.0.0.1:1", false)).isNull();
        assertThat(security.authenticate(EventsSecurity.BRIDGE_USER, "s3cret", null, null)).isNull();
        assertThat(security.validateUser(EventsSecurity.BRIDGE_USER, "s3cret")).isFalse();
        assertThat(security.roleOf("smtp", "pw", "/127.0.0.1:1", true)).isEqualTo(EventsSecurity.CONSUMER_ROLE);
    }

    @Test
    void consumersShouldReadAndBridgesOnlySend() {
        var consumer = security.authenticate("smtp", "pw", null, null);
        var bridge = new Subject();
        bridge.getPrincipals().add(new RolePrincipal(EventsSecurity.BRIDGE_ROLE));

        assertThat(security.authorize(consumer, Set.of(), CheckType.CONSUME, "perdition.auth")).isTrue();
        assertThat(security.authorize(consumer, Set.of(), CheckType.CREATE_DURABLE_QUEUE, "perdition.auth")).isTrue();
        assertThat(security.authorize(consumer, Set.of(), CheckType.SEND, "perdition.auth")).isFalse();
        assertThat(security.authorize(consumer, Set.of(), CheckType.MANAGE, "perdition.auth")).isFalse();
        assertThat(security.authorize(consumer, Set.of(), CheckType.DELETE_ADDRESS, "perdition.auth")).isFalse();
        assertThat(security.authorize(bridge, Set.of(), CheckType.SEND, "perdition.auth")).isTrue();
        assertThat(security.authorize(bridge, Set.of(), CheckType.CONSUME, "perdition.auth")).isFalse();
        assertThat(security.authorize(null, Set.of(), CheckType.CONSUME, "perdition.auth")).isFalse();
    }
}
