package org.perditioncamel.session;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.ScriptedServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that answers the login and, in the same packet, its last words and FIN (a server that logs the user in
 * and then fails at once, e.g. "-ERR" or "* BYE" for an unusable mailbox): the client gets all of it, then the close.
 * A scripted POP3 peer, since no real server can be made to do it on demand.
 */
class BackendLastWordsTest {
    static ScriptedServer backend;
    static RunningProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = new ScriptedServer((in, out, socket) -> {
            ScriptedServer.send(out, "+OK scripted ready\r\n");
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("PASS")) {
                    // the login's answer, the last words and the FIN in one write and one packet
                    ScriptedServer.send(out, "+OK logged in\r\n-ERR mailbox unusable, bye\r\n");
                    socket.shutdownOutput();
                    in.readLine();   // until the proxy closes
                    return;
                }
                ScriptedServer.send(out, "+OK\r\n");
            }
        });
        proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        backend.close();
    }

    @Test
    void theBackendsLastWordsAfterItsLoginAnswerShouldReachTheClientBeforeTheClose() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (LineClient c = new LineClient(proxy.port()).timeout(5000)) {
                c.readLine();
                assertThat(c.send("USER alice").readLine()).isEqualTo("+OK USER alice set, mate");
                assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
                assertThat(c.readLine()).as("attempt %d", i).isEqualTo("-ERR mailbox unusable, bye");
                assertThat(c.closedByServer()).isTrue();
            }
        }
    }
}
