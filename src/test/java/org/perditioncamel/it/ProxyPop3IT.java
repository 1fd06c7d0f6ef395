package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.ProxyLog;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.SessionEnds;

/**
 * Our proxy in front of a real Dovecot: every POP3 transcript perdition 2.2 passes (with its 3-second delays),
 * the improved-behaviour transcripts, and real clients (curl, python poplib) reading byte-identical mail.
 */
class ProxyPop3IT {
    private static final int PARALLEL_SESSIONS = 8;

    @RegisterExtension
    @Order(1)
    static final DovecotServer DOVECOT = new DovecotServer();

    static RunningProxy proxy;
    static ProxyLog log;

    @BeforeAll
    static void startProxy() throws Exception {
        log = ProxyLog.create("proxy-pop3-it-");
        proxy = RunningProxy.start(Map.of("outgoing_server", DOVECOT.host() + ":" + DOVECOT.pop3Port(),
                "error_delay", "3000", "log_facility", log.facility()));
        DOVECOT.deliver("alice", "Subject: for STAT\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
        RealClients.Result warmUp = RealClients.pythonPoplib(DOVECOT.host(), DOVECOT.pop3Port(), "alice", "secret", 0);
        assertThat(warmUp.exitCode()).as(warmUp.describe()).isZero();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @TestFactory
    Stream<DynamicTest> everyTranscriptShouldPassThroughTheProxy() throws Exception {
        List<String> names = new ArrayList<>(Transcript.list("transcripts/pop3"));
        names.addAll(Transcript.list("transcripts/pop3-improved"));
        Map<String, CompletableFuture<Void>> runs = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_SESSIONS);
        try {
            for (String name : names) {
                Transcript t = Transcript.load(name);
                runs.put(name, CompletableFuture.runAsync(() -> t.run("127.0.0.1", proxy.port()), pool));
            }
            CompletableFuture.allOf(runs.values().toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null).get(300, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        return runs.entrySet().stream().map(run -> dynamicTest(run.getKey(), () -> {
            try {
                run.getValue().join();
            } catch (CompletionException e) {
                throw new AssertionError(e.getCause().getMessage(), e.getCause());
            }
        }));
    }

    @Test
    void curlShouldReadTheSameMessageThroughTheProxyAsDirectly() throws Exception {
        DOVECOT.deliver("bob", "Subject: curl\r\nFrom: a@b\r\n\r\nline one\r\n.dotted line\r\n".getBytes(StandardCharsets.US_ASCII));
        RealClients.Result direct = RealClients.curlPop3(DOVECOT.host(), DOVECOT.pop3Port(), "bob", "pa ss word", 1);
        RealClients.Result proxied = RealClients.curlPop3("127.0.0.1", proxy.port(), "bob", "pa ss word", 1);
        assertThat(direct.exitCode()).as(direct.describe()).isZero();
        assertThat(proxied.exitCode()).as(proxied.describe()).isZero();
        assertThat(proxied.stdout()).isEqualTo(direct.stdout());
        assertThat(proxied.stdoutText()).contains(".dotted line");
    }

    @Test
    void pythonPoplibShouldFetchTenMebibytesByteIdentical() throws Exception {
        byte[] sent = DOVECOT.deliverLargeMessage("carol@example.com", 10 * 1024 * 1024);
        RealClients.Result r = RealClients.pythonPoplib("127.0.0.1", proxy.port(), "carol@example.com", "cpw", 1);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.file()).isEqualTo(sent);
    }

    /**
     * RETR of 10 MiB and QUIT sent together, then nothing read for a second: Dovecot writes the message and its FIN
     * while the client reads nothing, so the relay splices (relay_splice) and sees the FIN with most of the message
     * still in the backend socket. The client must get the same bytes as directly from Dovecot, then the close, and
     * the Close line must count them.
     */
    @Test
    void retrAndQuitTogetherShouldDeliverEveryByteThenCloseAndBeCounted() throws Exception {
        byte[] message = DOVECOT.deliverLargeMessage("dave", 10 * 1024 * 1024);
        byte[] commands = "RETR 1\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] direct;
        try (Socket s = new Socket(DOVECOT.host(), DOVECOT.pop3Port())) {
            direct = retrAndQuit(s, commands);
        }
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            byte[] proxied = retrAndQuit(s, commands);
            assertThat(proxied.length).isGreaterThan(message.length);
            assertThat(Arrays.equals(proxied, direct)).as("the same bytes as directly from Dovecot").isTrue();
            assertThat(log.closingLine(s.getLocalPort()))
                    .endsWith(" received=" + commands.length + " sent=" + proxied.length);
        }
    }

    /** Logs in as dave, sends the commands at once, waits a second, then reads to the server's close. */
    private static byte[] retrAndQuit(Socket s, byte[] commands) throws Exception {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        assertThat(line(in)).startsWith("+OK");
        out.write("USER dave\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(in)).startsWith("+OK");
        out.write("PASS dpw\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(in)).startsWith("+OK");
        out.write(commands);
        out.flush();
        Thread.sleep(1000);
        return in.readAllBytes();
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new AssertionError("closed after \"" + b + "\"");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** RFC 1939: after QUIT the server closes; a client that waits for that close gets it at once, and so does the log. */
    @Test
    void quitShouldCloseTheClientConnectionAtOnce() throws Exception {
        try (LineClient c = new LineClient(proxy.port()).timeout(3000)) {
            SessionEnds.pop3Quit(c, "alice", "secret");
            log.assertClosedWhileClientOpen(c);
        }
    }
}
