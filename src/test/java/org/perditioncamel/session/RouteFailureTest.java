package org.perditioncamel.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure deep in the routes (a popmap source down) answers the client and closes; other sessions go on. */
class RouteFailureTest {
    @TempDir
    Path dir;

    @Test
    void anExceptionInThePopmapChainShouldAnswerAndCloseTheSession() throws Exception {
        // a popmap to ask (without one, map_library "", no source is called)
        Path popmap = Files.writeString(dir.resolve("popmap"), "bob:127.0.0.1:1\n");
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:1",
                "map_library", "flatfile", "map_library_opt", popmap.toString()))) {
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
