package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The private Dovecot fixture works with real clients, so failures elsewhere are not the fixture's. */
class DovecotServerIT {

    private static final int TEN_MIB = 10 * 1024 * 1024;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @Test
    void pythonPoplibShouldRetrieveDeliveredMessageByteForByte() {
        byte[] message = message("python", "a line\r\n.a line that POP3 must dot-stuff\r\n");
        DOVECOT.deliver("bob", message);

        RealClients.Result result = RealClients.pythonPoplib(DOVECOT.host(), DOVECOT.pop3Port(), "bob",
                "pa ss word", 1);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdoutText()).startsWith("STAT 1 ");
        assertThat(result.file()).isEqualTo(message);
    }

    @Test
    void curlShouldRetrieveDeliveredMessageByteForByte() {
        byte[] message = message("curl", "body\r\n");
        DOVECOT.deliver("carol@example.com", message);

        RealClients.Result result = RealClients.curlPop3(DOVECOT.host(), DOVECOT.pop3Port(), "carol@example.com",
                "cpw", 1);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(message);
    }

    @Test
    void pythonPoplibShouldRetrieveTenMebibyteMessageByteForByte() {
        byte[] message = DOVECOT.deliverLargeMessage("alice", TEN_MIB);

        RealClients.Result result = RealClients.pythonPoplib(DOVECOT.host(), DOVECOT.pop3Port(), "alice", "secret",
                1);

        assertThat(message).hasSize(TEN_MIB);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.file().length).isEqualTo(TEN_MIB);
        assertThat(result.file()).isEqualTo(message);
    }

    @Test
    void wrongPasswordShouldBeRefusedAndLogged() {
        RealClients.Result result = RealClients.pythonPoplib(DOVECOT.host(), DOVECOT.pop3Port(), "alice", "wrong",
                0);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr()).contains("-ERR");
        assertLogged("passwd-file(alice,127.0.0.1");
    }

    @Test
    void imapShouldLogInUserWithDomain() throws IOException {
        try (Socket socket = new Socket(DOVECOT.host(), DOVECOT.imapPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).startsWith("* OK ");
            send(socket, "a1 LOGIN carol@example.com cpw\r\n");
            assertThat(readUntilTagged(in, "a1 ")).startsWith("a1 OK ");
            send(socket, "a2 LOGOUT\r\n");
            assertThat(readUntilTagged(in, "a2 ")).startsWith("a2 OK ");
        }
        assertLogged("imap-login: Info: Login: user=<carol@example.com>");
    }

    @Test
    void manageSieveShouldAuthenticatePlainWithSpacesInPassword() throws IOException {
        try (Socket socket = new Socket(DOVECOT.host(), DOVECOT.sievePort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = reader(socket);
            assertThat(readUntilTagged(in, "OK")).startsWith("OK ");
            String plain = Base64.getEncoder().encodeToString("\0bob\0pa ss word".getBytes(StandardCharsets.UTF_8));
            send(socket, "AUTHENTICATE \"PLAIN\" \"" + plain + "\"\r\n");
            assertThat(in.readLine()).startsWith("OK ");
            String script = "# from the fixture\r\nkeep;\r\n";
            send(socket, "PUTSCRIPT \"it\" {" + script.length() + "+}\r\n" + script + "\r\n");
            assertThat(in.readLine()).startsWith("OK ");
            send(socket, "SETACTIVE \"it\"\r\n");
            assertThat(in.readLine()).startsWith("OK ");
            send(socket, "LOGOUT\r\n");
            assertThat(in.readLine()).startsWith("OK ");
        }
        assertThat(DOVECOT.home("bob").resolve("sieve").resolve("it.sieve")).exists();
        assertThat(DOVECOT.home("bob").resolve(".dovecot.sieve")).exists();
    }

    private static void assertLogged(String text) {
        // Dovecot's log process writes asynchronously, after the client already has its answer.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(DOVECOT.log()).contains(text));
    }

    private static byte[] message(String subject, String body) {
        return ("From: it@example.com\r\nTo: someone@example.com\r\nSubject: " + subject + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntilTagged(BufferedReader in, String prefix) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return "(closed)";
    }
}
