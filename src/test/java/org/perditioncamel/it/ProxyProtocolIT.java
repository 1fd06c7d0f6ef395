package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.ProxyLog;
import org.perditioncamel.testing.RunningProxy;

/**
 * The PROXY protocol with real parts: a private HAProxy (send-proxy, send-proxy-v2) in front of the proxy, and a real
 * Dovecot behind it with haproxy listeners. Clients connect from 127.0.0.23, so the address that must arrive
 * everywhere (our log, our events, Dovecot's rip) differs from the 127.0.0.1 that HAProxy and the proxy connect from.
 */
class ProxyProtocolIT {
    private static final String CLIENT_IP = "127.0.0.23";
    private static final String UNTRUSTED_IP = "127.0.0.5";
    private static final int DOVECOT_POP3_HAPROXY = FreePorts.one();
    private static final int DOVECOT_IMAP_HAPROXY = FreePorts.one();
    private static final Duration LOG_WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().withExtraConfig(String.join("\n",
            "haproxy_trusted_networks = 127.0.0.0/8",
            "haproxy_timeout = 3s",
            "login_log_format_elements = user=<%u> method=%m rip=%r rport=%{rport} lip=%l lport=%{lport} %c",
            "service pop3-login {",
            "  inet_listener pop3-haproxy {",
            "    address = 127.0.0.1",
            "    port = " + DOVECOT_POP3_HAPROXY,
            "    haproxy = yes",
            "  }",
            "}",
            "service imap-login {",
            "  inet_listener imap-haproxy {",
            "    address = 127.0.0.1",
            "    port = " + DOVECOT_IMAP_HAPROXY,
            "    haproxy = yes",
            "  }",
            "}"));

    /** POP3 behind HAProxy (PROXY in, v1 out to Dovecot) and IMAP4 for direct clients (v2 out to Dovecot). */
    static RunningProxy balanced;
    /** POP3S (implicit TLS) behind HAProxy with send-proxy-v2. */
    static RunningProxy pop3s;
    static ProxyLog balancedLog;
    static ProxyLog pop3sLog;
    static HaproxyServer haproxy;
    static EventConsumer events;
    static int imapPort;
    static int haproxyV1;
    static int haproxyV2;
    static int haproxyPop3s;

    @BeforeAll
    static void start() throws Exception {
        RunningProxy.waitForPort(DOVECOT_POP3_HAPROXY);
        RunningProxy.waitForPort(DOVECOT_IMAP_HAPROXY);
        balancedLog = ProxyLog.create("proxy-protocol-it-");
        // the popmap is keyed on the client's address: only the one from the PROXY header finds alice's entry
        Path popmap = Files.createTempFile(Files.createDirectories(Path.of("target").toAbsolutePath()), "proxy-protocol-popmap-", "");
        Files.writeString(popmap, "alice@" + CLIENT_IP + ":localhost\n");
        int hub = FreePorts.one();
        imapPort = FreePorts.one();
        Map<String, String> options = new HashMap<>(Map.of(
                "listeners", "POP3,IMAP4",
                "imap4.listen_port", Integer.toString(imapPort),
                "pop3.proxy_protocol", "any",
                "pop3.proxy_protocol_trusted_networks", "127.0.0.1/32",
                "proxy_protocol_timeout", "2",
                "pop3.outgoing_server", "127.0.0.1",
                "pop3.outgoing_port", Integer.toString(DOVECOT_POP3_HAPROXY),
                "pop3.backend_proxy_protocol", "v1",
                "log_facility", balancedLog.facility()));
        options.put("imap4.outgoing_server", "127.0.0.1");
        options.put("imap4.outgoing_port", Integer.toString(DOVECOT_IMAP_HAPROXY));
        options.put("imap4.backend_proxy_protocol", "v2");
        options.put("popmap.source", "flatfile");
        options.put("popmap.flatfile.file", popmap.toString());
        options.put("query_key", "\\u@\\i");
        options.put("events.broker_port", Integer.toString(hub));
        balanced = RunningProxy.start(options);
        events = new EventConsumer(hub, null, null);

        Path certs = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "proxy-protocol-tls-");
        certificate(certs);
        pop3sLog = ProxyLog.create("proxy-protocol-tls-it-");
        pop3s = RunningProxy.start(Map.of(
                "ssl_mode", "ssl_listen",
                "ssl_cert_file", certs.resolve("cert.pem").toString(),
                "ssl_key_file", certs.resolve("key.pem").toString(),
                "proxy_protocol", "v2",
                "proxy_protocol_trusted_networks", "127.0.0.1",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.pop3Port(),
                "log_facility", pop3sLog.facility()));

        haproxy = new HaproxyServer();
        haproxyV1 = haproxy.frontend("pop3-v1", balanced.port(), "send-proxy");
        haproxyV2 = haproxy.frontend("pop3-v2", balanced.port(), "send-proxy-v2");
        haproxyPop3s = haproxy.frontend("pop3s-v2", pop3s.port(), "send-proxy-v2");
        haproxy.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {haproxy, events, pop3s, balanced}) {
            if (started != null) {
                started.close();
            }
        }
    }

    /** A plain socket from {@code sourceIp} (any loopback address can be a source). */
    private static Socket from(String sourceIp, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(sourceIp, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    private static boolean pop3Login(LineClient c) throws IOException {
        assertThat(c.readLine()).startsWith("+OK");
        assertThat(c.send("USER alice").readLine()).startsWith("+OK");
        boolean ok = c.send("PASS secret").readLine().startsWith("+OK");
        c.send("QUIT").readLine();
        return ok;
    }

    @ParameterizedTest
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void aLoginThroughHaproxyShouldCarryTheClientsAddressToTheLogTheEventAndDovecot(String sendProxy) throws Exception {
        int frontend = sendProxy.equals("send-proxy") ? haproxyV1 : haproxyV2;
        int clientPort;
        try (LineClient c = new LineClient(from(CLIENT_IP, frontend))) {
            clientPort = c.socket().getLocalPort();
            assertThat(pop3Login(c)).isTrue();
        }
        String fromTo = CLIENT_IP + ":" + clientPort + "->127.0.0.1:" + frontend;
        awaitContains(() -> read(balancedLog), "Connect:  " + fromTo);
        awaitContains(() -> read(balancedLog), "Auth: " + fromTo + " client-secure=plaintext authorisation_id=NONE authentication_id=\"alice\""
                + " server=\"localhost:" + DOVECOT_POP3_HAPROXY + "\"");
        long end = System.nanoTime() + LOG_WAIT.toNanos();
        while (!events.clients("alice").contains(CLIENT_IP + ":" + clientPort) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(events.clients("alice")).contains(CLIENT_IP + ":" + clientPort);
        // the proxy told Dovecot the same address with its own PROXY v1 header
        awaitContains(DOVECOT::log, "pop3-login: Info: Login: user=<alice>, method=PLAIN, rip=" + CLIENT_IP + ", rport=" + clientPort + ",");
    }

    @Test
    void aDirectImapClientShouldBeTheAddressDovecotSeesThroughProxyProtocolV2Out() throws Exception {
        int clientPort;
        try (LineClient c = new LineClient(from(CLIENT_IP, imapPort))) {
            clientPort = c.socket().getLocalPort();
            assertThat(c.readLine()).startsWith("* OK");
            String line = c.send("a1 LOGIN alice secret").readLine();
            while (line.startsWith("* ")) {
                line = c.readLine();
            }
            assertThat(line).startsWith("a1 OK");
            c.send("a2 LOGOUT");
        }
        awaitContains(DOVECOT::log, "imap-login: Info: Login: user=<alice>, method=PLAIN, rip=" + CLIENT_IP
                + ", rport=" + clientPort + ", lip=127.0.0.1, lport=" + imapPort + ",");
    }

    @Test
    void implicitTlsBehindHaproxyShouldHandshakeAfterTheHeader() throws Exception {
        int clientPort;
        Socket plain = from(CLIENT_IP, haproxyPop3s);
        clientPort = plain.getLocalPort();
        SSLSocket tls = (SSLSocket) EventLogins.trustingContext().getSocketFactory().createSocket(plain, "127.0.0.1", haproxyPop3s, true);
        tls.startHandshake();
        try (LineClient c = new LineClient(tls)) {
            assertThat(pop3Login(c)).isTrue();
        }
        String fromTo = CLIENT_IP + ":" + clientPort + "->127.0.0.1:" + haproxyPop3s;
        awaitContains(() -> read(pop3sLog), "Auth: " + fromTo + " client-secure=ssl authorisation_id=NONE authentication_id=\"alice\"");
    }

    @Test
    void aHeaderFromAnUntrustedAddressShouldBeRefused() throws Exception {
        try (LineClient c = new LineClient(from(UNTRUSTED_IP, balanced.port()))) {
            int clientPort = c.socket().getLocalPort();
            assertThat(c.readLine()).as("a direct client is greeted").startsWith("+OK");
            c.send("PROXY TCP4 198.51.100.9 127.0.0.1 4000 110");
            assertThat(c.closedByServer()).isTrue();
            awaitContains(() -> read(balancedLog), "PROXY protocol header from untrusted " + UNTRUSTED_IP + ":" + clientPort
                    + " refused (not in proxy_protocol_trusted_networks 127.0.0.1/32)");
        }
        assertThat(read(balancedLog)).doesNotContain("198.51.100.9");
    }

    @Test
    void anUntrustedClientWithoutAHeaderShouldBeADirectClient() throws Exception {
        try (LineClient c = new LineClient(from(UNTRUSTED_IP, balanced.port()))) {
            int clientPort = c.socket().getLocalPort();
            assertThat(pop3Login(c)).isTrue();
            // alice@127.0.0.5 is not in the popmap: outgoing_server
            awaitContains(() -> read(balancedLog), "Auth: " + UNTRUSTED_IP + ":" + clientPort + "->127.0.0.1:" + balanced.port()
                    + " client-secure=plaintext authorisation_id=NONE authentication_id=\"alice\" server=\"127.0.0.1:" + DOVECOT_POP3_HAPROXY + "\"");
        }
    }

    @Test
    void aTrustedPeerWithoutAValidHeaderShouldBeRefusedBeforeAnyGreeting() throws Exception {
        try (LineClient c = new LineClient(from("127.0.0.1", balanced.port()))) {
            int clientPort = c.socket().getLocalPort();
            c.send("USER alice@example.com");
            assertThat(c.readLine()).as("no greeting, only the close").isNull();
            awaitContains(() -> read(balancedLog), "invalid PROXY protocol header (");
            awaitContains(() -> read(balancedLog), " from trusted 127.0.0.1:" + clientPort + ": connection refused");
        }
        try (LineClient c = new LineClient(from("127.0.0.1", balanced.port()))) {
            int clientPort = c.socket().getLocalPort();
            // nothing at all: proxy_protocol_timeout (2 s here) ends the wait; the socket timeout (15 s) bounds ours
            assertThat(c.readLine()).isNull();
            awaitContains(() -> read(balancedLog), "no PROXY protocol header within 2s from trusted 127.0.0.1:" + clientPort
                    + ": connection refused");
        }
    }

    private static void awaitContains(Supplier<String> text, String expected) throws InterruptedException {
        long end = System.nanoTime() + LOG_WAIT.toNanos();
        while (!text.get().contains(expected) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(text.get()).contains(expected);
    }

    private static String read(ProxyLog log) {
        try {
            return Files.readString(Path.of(log.facility()), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void certificate(Path dir) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString()).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor()).isZero();
    }
}
