package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transcript format and runner, against a scripted in-JVM server with short delays. */
class TranscriptTest {

    private static final Duration THRESHOLD = Duration.ofMillis(300);
    private static final long DELAY_MILLIS = 400;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void rawBytesShouldDecodeEscapesAndRepetition() {
        byte[] bytes = Transcript.RawBytes.decode("t:1", "A\\0\\xff\\{3:ab}\\\\\\r\\n");

        assertThat(bytes).containsExactly('A', 0, 0xff, 'a', 'b', 'a', 'b', 'a', 'b', '\\', '\r', '\n');
    }

    @Test
    void parseShouldRejectUnknownDirectiveWithLineNumber() {
        assertThatThrownBy(() -> Transcript.parse("t", "# comment\n\nX: nope\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t:3");
    }

    @Test
    void runShouldPassWhenRepliesMatchAndErrorIsDelayed() throws IOException {
        int port = server(Map.of("PASS x", "-ERR USER not yet set, mate"), "PASS x");

        Transcript.parse("ok", "S: \\+OK hi\nC: HELP\nS: \\+OK help\nC: PASS x\nS:~ -ERR USER not yet set, mate\n"
                + "C: QUIT\nS: \\+OK QUIT\nCLOSED\n").run(LocalPorts.HOST, port, THRESHOLD);
    }

    @Test
    void runShouldFailWhenReplyDiffersShowingExpectedAndGot() throws IOException {
        int port = server(Map.of(), "");

        assertThatThrownBy(() -> Transcript.parse("diff", "S: \\+OK hi\nC: HELP\nS: \\+OK nope\n")
                .run(LocalPorts.HOST, port, THRESHOLD))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("diff:3")
                .hasMessageContaining("\\+OK nope")
                .hasMessageContaining("got \"+OK help\"");
    }

    @Test
    void runShouldFailWhenErrorReplyIsNotDelayed() throws IOException {
        int port = server(Map.of(), "");

        assertThatThrownBy(() -> Transcript.parse("fast", "S: \\+OK hi\nC: HELP\nS:~ \\+OK help\n")
                .run(LocalPorts.HOST, port, THRESHOLD))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("must be delayed");
    }

    @Test
    void runShouldFailWhenPlainReplyIsDelayed() throws IOException {
        int port = server(Map.of("PASS x", "-ERR late"), "PASS x");

        assertThatThrownBy(() -> Transcript.parse("slow", "S: \\+OK hi\nC: PASS x\nS: -ERR late\n")
                .run(LocalPorts.HOST, port, THRESHOLD))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("must come within");
    }

    @Test
    void runShouldFailWhenLineEndsInBareLf() throws IOException {
        int port = server(Map.of("LF", "+OK bare\n"), "");

        assertThatThrownBy(() -> Transcript.parse("lf", "S: \\+OK hi\nC: LF\nS: \\+OK bare\n")
                .run(LocalPorts.HOST, port, THRESHOLD))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("bare LF");
    }

    @Test
    void runShouldStopQuietlyWhenServerClosesAfterMayClose() throws IOException {
        int port = server(Map.of("BYE", "-ERR closing"), "");

        Transcript.parse("may", "S: \\+OK hi\nC: BYE\nS: -ERR closing\nMAY-CLOSE\nC: QUIT\nS: \\+OK QUIT\n")
                .run(LocalPorts.HOST, port, THRESHOLD);
    }

    @Test
    void runShouldFailWhenServerClosesUnexpectedly() throws IOException {
        int port = server(Map.of("BYE", "-ERR closing"), "");

        assertThatThrownBy(() -> Transcript.parse("closed", "S: \\+OK hi\nC: BYE\nS: -ERR closing\nC: QUIT\n"
                + "S: \\+OK QUIT\n").run(LocalPorts.HOST, port, THRESHOLD))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("closed:5")
                .hasMessageContaining("closed the connection");
    }

    /**
     * A line server: greets "+OK hi", answers each command from {@code replies} (else "+OK " + lower-case
     * command), delays the reply to {@code delayed}, closes after QUIT and BYE. Replies without "\n" get CRLF.
     */
    private int server(Map<String, String> replies, String delayed) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(LocalPorts.HOST));
        open.add(listener);
        Thread thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                write(out, "+OK hi");
                for (String command = readLine(in); command != null; command = readLine(in)) {
                    if (command.equals(delayed)) {
                        Thread.sleep(DELAY_MILLIS);
                    }
                    write(out, replies.getOrDefault(command, command.equals("QUIT") ? "+OK QUIT"
                            : "+OK " + command.toLowerCase(Locale.ROOT)));
                    if (command.equals("QUIT") || command.equals("BYE")) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // the test decides by what the runner saw
            }
        }, "fake-line-server");
        thread.setDaemon(true);
        thread.start();
        return listener.getLocalPort();
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply.endsWith("\n") ? reply : reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }
}
