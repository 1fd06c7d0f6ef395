package org.perditioncamel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;

import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void quotesTheMessage() {
        assertThat(Reasons.of(new IOException("Connection refused"))).isEqualTo("Connection refused");
    }

    @Test
    void namesTheExceptionWhenItHasNoMessage() {
        // what the log said before: "Fatal error: backend 127.0.0.1:143 during login: null"
        assertThat(Reasons.of(new NotYetConnectedException())).isEqualTo("NotYetConnectedException");
        assertThat(Reasons.of(new ClosedChannelException())).isEqualTo("ClosedChannelException");
        assertThat(Reasons.of(new IOException(" "))).isEqualTo("IOException");
    }
}
