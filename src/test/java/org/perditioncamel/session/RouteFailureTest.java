package org.perditioncamel.session;

import java.util.Map;

import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure deep in the routes (a popmap source down) answers the client and closes; other sessions go on. */
class RouteFailureTest {
    @Test
    void anExceptionInThePopmapChainShouldAnswerAndCloseTheSession() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:1"))) {
            AdviceWith.adviceWith(proxy.main().getCamelContext(), "popmap-query",
                    a -> a.weaveById("popmap-source-call").replace().throwException(new IllegalStateException("database down")));
            try (LineClient c = new LineClient(proxy.port())) {
                c.readLine();
                c.send("USER alice").readLine();
                assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR Internal error, mate");
                assertThat(c.closedByServer()).isTrue();
            }
            try (LineClient c = new LineClient(proxy.port())) {
                assertThat(c.readLine()).startsWith("+OK POP3 perditon ready");
                assertThat(c.send("CAPA").readLine()).startsWith("+OK Capability list follows");
            }
        }
    }
}
