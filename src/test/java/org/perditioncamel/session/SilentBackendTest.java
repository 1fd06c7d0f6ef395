package org.perditioncamel.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that accepts the connection but never greets: the client gets perdition's failure reply for the attempt
 * within backend_login_timeout (and after error_delay), not a silent close at an authenticate_timeout that is shorter.
 */
class SilentBackendTest {
    static ServerSocket silent;
    static final List<Socket> accepted = new CopyOnWriteArrayList<>();
    static RunningProxy proxy;
    static int imap;
    static int sieve;

    @BeforeAll
    static void start() throws Exception {
        silent = new ServerSocket(FreePorts.one(), 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());   // held open, never written to
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-backend");
        acceptor.setDaemon(true);
        acceptor.start();
        imap = RunningProxy.freePort();
        sieve = RunningProxy.freePort();
        proxy = RunningProxy.start(Map.of("listeners", "POP3,IMAP4,MANAGESIEVE", "imap4.listen_port", Integer.toString(imap),
                "managesieve.listen_port", Integer.toString(sieve),
                "outgoing_server", "127.0.0.1:" + silent.getLocalPort(),
                "backend_login_timeout", "2", "authenticate_timeout", "1", "error_delay", "1000"));
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void imapShouldGetATaggedNoWithinTheBackendLoginTimeout() throws Exception {
        try (LineClient c = new LineClient(imap).timeout(6000)) {
            c.readLine();
            long start = System.nanoTime();
            assertThat(c.send("a1 LOGIN alice secret").readLine()).isEqualTo("a1 NO failed: Connection Negotiation Failure");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
            assertIdleClientStillClosedAfterTheAnswer(c);
        }
    }

    @Test
    void pop3ShouldGetAnErrWithinTheBackendLoginTimeout() throws Exception {
        try (LineClient c = new LineClient(proxy.port()).timeout(6000)) {
            c.readLine();
            c.send("USER alice").readLine();
            long start = System.nanoTime();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR failed: Connection Negotiation Failure");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
            assertIdleClientStillClosedAfterTheAnswer(c);
        }
    }

    @Test
    void manageSieveShouldGetANoWithinTheBackendLoginTimeout() throws Exception {
        try (LineClient c = new LineClient(sieve).timeout(6000)) {
            String line;
            do {
                line = c.readLine();
            } while (!line.startsWith("OK"));
            String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine())
                    .startsWith("NO ").contains("Connection Negotiation Failure");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
            assertIdleClientStillClosedAfterTheAnswer(c);
        }
    }

    /** authenticate_timeout applies again once the client has its answer. */
    private static void assertIdleClientStillClosedAfterTheAnswer(LineClient c) throws IOException {
        c.timeout(4000);
        long start = System.nanoTime();
        assertThat(c.closedByServer()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 3000L);
    }
}
