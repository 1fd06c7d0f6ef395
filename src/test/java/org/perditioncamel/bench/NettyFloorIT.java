package org.perditioncamel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.it.DovecotServer;

/**
 * The benchmark's floor (NettyFloor) in front of a real Dovecot: the load generator's login storms and bulk fetches
 * count and verify through it as through a proxy, and a wrong password is refused, not relayed. Its figures mean
 * something only if it does a login's whole work.
 */
class NettyFloorIT {
    private static final int MESSAGE_BYTES = 256 * 1024;

    static final DovecotServer DOVECOT = new DovecotServer().withExtraConfig("mail_max_userip_connections = 1000");
    static NettyFloor.Running floor;
    static byte[] message;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        DOVECOT.start();
        message = DOVECOT.deliverLargeMessage("alice", MESSAGE_BYTES);
        floor = NettyFloor.start(0, 0, new InetSocketAddress(DOVECOT.host(), DOVECOT.pop3Port()),
                new InetSocketAddress(DOVECOT.host(), DOVECOT.imapPort()));
    }

    @AfterAll
    static void stop() {
        if (floor != null) {
            floor.close();
        }
        DOVECOT.close();
    }

    @Test
    void loginStormsShouldLogEveryClientInAtTheBackend() throws IOException {
        for (String protocol : List.of("pop3", "imap4")) {
            Map<String, Object> r = run(protocol, "login", 4);
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            assertThat((long) r.get("logins_total")).as("%s", r).isGreaterThanOrEqualTo(4L);
        }
    }

    @Test
    void bulkShouldRelayEveryByteOfTheBackendsMessage() throws IOException {
        Path file = Files.write(dir.resolve("message.eml"), message);
        for (String protocol : List.of("pop3", "imap4")) {
            Map<String, Object> r = run(protocol, "bulk", 2, "--message", file.toString(), "--bulk-users", "alice");
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            assertThat((long) r.get("bytes_verified")).as("%s", r).isPositive();
            assertThat((long) r.get("bytes_verified") % MESSAGE_BYTES).as("whole messages only: %s", r).isZero();
        }
    }

    @Test
    void aWrongPasswordShouldBeRefusedByTheBackendThroughTheFloor() throws IOException {
        try (LineClient imap = new LineClient(floor.imap4Port())) {
            assertThat(imap.readLine()).startsWith("* OK");
            assertThat(imap.send("a LOGIN \"alice\" \"wrong\"")).startsWith("a NO");
            assertThat(imap.readLine()).as("closed after the refusal").isNull();
        }
        // one command at a time: the floor, like the benchmark's clients, does not pipeline
        try (LineClient pop3 = new LineClient(floor.pop3Port())) {
            assertThat(pop3.readLine()).startsWith("+OK");
            assertThat(pop3.send("USER alice")).startsWith("+OK");      // answered by the floor
            assertThat(pop3.send("PASS secret")).startsWith("+OK");     // logged in at the backend
            assertThat(pop3.send("STAT")).startsWith("+OK 1 ");         // Dovecot's own answer: alice's one message
        }
    }

    /** A client that writes a line and reads the next line of the answer. */
    private static final class LineClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        LineClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        String send(String line) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readLine();
        }

        String readLine() throws IOException {
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Map<String, Object> run(String protocol, String scenario, int clients, String... extra)
            throws IOException {
        int port = protocol.equals("pop3") ? floor.pop3Port() : floor.imap4Port();
        return SmokeRun.of("floor", protocol, port, scenario, clients, extra);
    }
}
