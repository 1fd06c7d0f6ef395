package org.perditioncamel.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ListenerSocketsTest {
    private static final Runnable NOTHING = () -> { };

    @Test
    void withoutSystemdEveryListenerShouldBindItsOwnSocket() {
        ListenerSockets sockets = ListenerSockets.of(false, NOTHING, Map.of());
        assertThat(sockets.sourceFor("127.0.0.1", "110")).isInstanceOf(BoundSocket.class)
                .extracting(ChannelSource::describe).isEqualTo("127.0.0.1:110");
        sockets.checkAllTaken();
    }

    @Test
    void socketsPassedToAnotherProcessShouldBeLeftAlone() {
        // sd_listen_fds(3): LISTEN_PID names the process the sockets are for; a child that inherited the
        // environment must not take descriptors that are not its own
        ListenerSockets sockets = ListenerSockets.of(false, NOTHING,
                Map.of("LISTEN_PID", Long.toString(ProcessHandle.current().pid() + 1), "LISTEN_FDS", "1"));
        assertThat(sockets.sourceFor("0.0.0.0", "110")).isInstanceOf(BoundSocket.class);
        sockets.checkAllTaken();
    }

    @Test
    void aBrokenListenFdsShouldStopTheStart() {
        assertThatThrownBy(() -> ListenerSockets.of(false, NOTHING,
                Map.of("LISTEN_PID", Long.toString(ProcessHandle.current().pid()), "LISTEN_FDS", "three")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LISTEN_FDS is not a number: three");
    }

    @Test
    void inetdModeShouldServeExactlyOneListener() {
        ListenerSockets sockets = ListenerSockets.of(true, NOTHING, Map.of());
        assertThat(sockets.sourceFor("0.0.0.0", "110")).isInstanceOf(InetdConnection.class);
        assertThatThrownBy(() -> sockets.sourceFor("0.0.0.0", "143")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inetd_mode serves one connection");
    }
}
