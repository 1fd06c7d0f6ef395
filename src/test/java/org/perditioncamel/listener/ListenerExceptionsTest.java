package org.perditioncamel.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Consumer;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.CapturedLog;
import org.perditioncamel.testing.RunningProxy;

class ListenerExceptionsTest {
    private static Exception writeFailed(Throwable cause) {
        return new CamelExchangeException("Cannot write response to /192.0.2.10:40000", null, cause);
    }

    @Test
    void aResetABrokenPipeOrAClosedChannelShouldCountAsTheClientGoingAway() {
        assertThat(ListenerExceptions.clientWentAway(writeFailed(
                new IOException("sendAddress(..) failed with error(-32): Broken pipe")))).isTrue();
        assertThat(ListenerExceptions.clientWentAway(writeFailed(
                new IOException("recvAddress(..) failed with error(-104): Connection reset by peer")))).isTrue();
        assertThat(ListenerExceptions.clientWentAway(writeFailed(new SocketException("Connection reset by peer")))).isTrue();
        assertThat(ListenerExceptions.clientWentAway(new IOException("Broken pipe"))).isTrue();
        assertThat(ListenerExceptions.clientWentAway(new ClosedChannelException())).isTrue();
    }

    @Test
    void anyOtherFailureShouldNot() {
        assertThat(ListenerExceptions.clientWentAway(writeFailed(new IllegalStateException("encoder bug")))).isFalse();
        assertThat(ListenerExceptions.clientWentAway(writeFailed(new IOException("No space left on device")))).isFalse();
        assertThat(ListenerExceptions.clientWentAway(writeFailed(
                new IOException("sendAddress(..) failed with error(-12): Cannot allocate memory")))).isFalse();
        assertThat(ListenerExceptions.clientWentAway(null)).isFalse();
    }

    @Test
    void theClientGoingAwayShouldBeNoWarningWhileAnythingElseStaysOne() throws Exception {
        ListenerExceptions handler = new ListenerExceptions();
        try (CapturedLog log = CapturedLog.capture()) {
            handler.handleException("Cannot write response to /192.0.2.10:40000", null,
                    new IOException("sendAddress(..) failed with error(-32): Broken pipe"));
            handler.handleException("Cannot write response to /192.0.2.11:40001", null,
                    new IllegalStateException("encoder bug"));

            assertThat(log.await("192.0.2.11:40001", 5_000)).startsWith("WARN ").contains("encoder bug");
            assertThat(log.await("192.0.2.10:40000", 200)).satisfiesAnyOf(
                    line -> assertThat(line).isNull(),
                    line -> assertThat(line).startsWith("DEBUG ").contains("the client went away"));
        }
    }

    @Test
    void everyListenerShouldUseIt() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:1"))) {
            Consumer consumer = proxy.main().getCamelContext().getRoute("pop3-listener").getConsumer();
            assertThat(((org.apache.camel.support.DefaultConsumer) consumer).getExceptionHandler())
                    .isInstanceOf(ListenerExceptions.class);
        }
    }
}
