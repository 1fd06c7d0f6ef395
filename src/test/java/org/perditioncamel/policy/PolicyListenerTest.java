package org.perditioncamel.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * The Postfix policy listener of the standalone consumer (PolicyMain, real Camel Main and camel-netty), fed what
 * Postfix sends and what it never would: only a well-formed request from a granted address gets OK; garbage, binary,
 * a missing empty line, huge lines and missing attributes get DUNNO or nothing, and the listener stays up.
 */
class PolicyListenerTest {
    private static final String GRANTED = "192.0.2.10";
    private static Main main;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        port = FreePorts.one();
        main = PolicyMain.newMain(Map.of(
                "policy.listen_port", Integer.toString(port),
                "policy.ipv6_prefix", "64",
                "policy.max_request_bytes", "4096",
                "state_directory", Files.createTempDirectory("policy-listener-").toString(),
                // no broker here: the event routes retry in the background, the listener answers regardless
                "policy.broker_url", "tcp://127.0.0.1:" + FreePorts.one()));
        main.start();
        RelayGrants grants = main.getCamelContext().getRegistry().lookupByNameAndType("relayGrants", RelayGrants.class);
        long hour = System.currentTimeMillis() + 3_600_000;
        grants.grant(GRANTED, hour);
        grants.grant("2001:db8:1:2::/64", hour);
        RunningProxy.waitForPort(port);
    }

    @AfterAll
    static void stop() {
        main.stop();
    }

    @Test
    void grantedClientsGetOkAndOthersDunnoOnOneKeptOpenConnection() throws Exception {
        try (Socket s = connect()) {
            assertThat(ask(s, request(GRANTED))).isEqualTo("action=OK\n\n");
            assertThat(ask(s, request("192.0.2.11"))).isEqualTo("action=DUNNO\n\n");
            assertThat(ask(s, request("2001:db8:1:2:aaaa::1"))).as("same /64").isEqualTo("action=OK\n\n");
            assertThat(ask(s, request("2001:db8:1:3::1"))).isEqualTo("action=DUNNO\n\n");
            assertThat(ask(s, request("::ffff:" + GRANTED))).as("IPv4-mapped").isEqualTo("action=OK\n\n");
            // CR LF line ends are read too
            assertThat(ask(s, request(GRANTED).replace("\n", "\r\n"))).isEqualTo("action=OK\n\n");
        }
    }

    @Test
    void malformedRequestsNeverGetOk() throws Exception {
        List<String> malformed = List.of(
                "hello world\n\n",
                "request=smtpd_access_policy\nclient_address=" + GRANTED + "\ngarbage without equals\n\n",
                "client_address=" + GRANTED + "\n\n",                                      // no request=
                "request=smtpd_access_policy\nprotocol_state=RCPT\n\n",                    // no client_address
                "request=smtpd_access_policy\nclient_address=unknown\n\n",
                "request=smtpd_access_policy\nclient_address=mx.example.com\n\n",        // never a DNS lookup
                "request=junk\nclient_address=" + GRANTED + "\n\n",
                "=" + GRANTED + "\n\n");
        try (Socket s = connect()) {
            for (String request : malformed) {
                assertThat(ask(s, request)).as(request).isEqualTo("action=DUNNO\n\n");
            }
            // the same connection still answers a good request
            assertThat(ask(s, request(GRANTED))).isEqualTo("action=OK\n\n");
        }
    }

    @Test
    void binaryNoiseNeverGetsOk() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            byte[] noise = new byte[1 + random.nextInt(3000)];
            random.nextBytes(noise);
            // any byte but LF and '=': the noise is one line that is not name=value, so the request is malformed
            // (noise with them could spell a well-formed request, which rightly gets OK)
            for (int i = 0; i < noise.length; i++) {
                noise[i] = noise[i] == '\n' || noise[i] == '=' ? 0 : noise[i];
            }
            try (Socket s = connect()) {
                OutputStream out = s.getOutputStream();
                out.write(("request=smtpd_access_policy\nclient_address=" + GRANTED + "\n").getBytes(StandardCharsets.US_ASCII));
                out.write(noise);
                out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(read(s)).as("round " + round).isEqualTo("action=DUNNO\n\n");
            }
        }
        assertStillAnswers();
    }

    @Test
    void anOversizedRequestGetsDunnoAndTheConnectionEnds() throws Exception {
        try (Socket s = connect()) {
            byte[] huge = ("request=smtpd_access_policy\nclient_address=" + GRANTED + "\nsender=" + "x".repeat(100_000)
                    + "\n\n").getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(huge);
            assertThat(readAll(s)).isEqualTo("action=DUNNO\n\n");
        }
        try (Socket s = connect()) {
            // one endless line without LF
            s.getOutputStream().write("y".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s)).isEqualTo("action=DUNNO\n\n");
        }
        assertStillAnswers();
    }

    @Test
    void aRequestWithoutItsEmptyLineGetsNoAnswer() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(request(GRANTED).trim().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write('\n');
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).as("no answer before the empty line")
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertStillAnswers();
    }

    @Test
    void manyKeptOpenConnectionsAreAllAnswered() throws Exception {
        int connections = 500;
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(connect());
            }
            for (Socket s : open) {
                s.getOutputStream().write(request(GRANTED).getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket s : open) {
                assertThat(read(s)).isEqualTo("action=OK\n\n");
            }
            // and a second round on the same connections, as Postfix reuses them
            for (Socket s : open) {
                assertThat(ask(s, request("198.51.100.7"))).isEqualTo("action=DUNNO\n\n");
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        assertStillAnswers();
    }

    @Test
    void requestsPerSecond() throws Exception {
        int clients = 8;
        int perClient = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                int ok = 0;
                try (Socket s = connect()) {
                    for (int i = 0; i < perClient; i++) {
                        ok += ask(s, request(GRANTED)).equals("action=OK\n\n") ? 1 : 0;
                    }
                }
                return ok;
            }));
        }
        int ok = 0;
        for (Future<Integer> f : done) {
            ok += f.get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        assertThat(ok).isEqualTo(clients * perClient);
        System.out.printf("policy listener: %d requests on %d kept-open connections in %.2f s: %.0f requests/s%n",
                ok, clients, seconds, ok / seconds);
    }

    static String request(String clientAddress) {
        return "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\nclient_address=" + clientAddress
                + "\nclient_name=localhost\nhelo_name=x\nsender=a@b.example\nrecipient=c@d.example\n"
                + "recipient_count=0\nqueue_id=\nsize=0\n\n";
    }

    private static void assertStillAnswers() throws Exception {
        try (Socket s = connect()) {
            assertThat(ask(s, request(GRANTED))).isEqualTo("action=OK\n\n");
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String ask(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return read(s);
    }

    /** One answer: up to and including its empty line. */
    private static String read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + answer);
            }
            answer.write(b);
            if (b == '\n' && previous == '\n') {
                return answer.toString(StandardCharsets.US_ASCII);
            }
            previous = b;
        }
    }

    private static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
}
