package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.ProxyLog;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.SessionEnds;

/** IMAP4 through the proxy to a real Dovecot, with real clients: curl and python imaplib. */
class ProxyImapIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().withExtraConfig(
            "login_log_format_elements = user=<%u> method=%m rip=%r rport=%{rport} lip=%l lport=%{lport} %c");

    static RunningProxy proxy;
    static ProxyLog log;

    @BeforeAll
    static void startProxy() throws Exception {
        log = ProxyLog.create("proxy-imap-it-");
        proxy = RunningProxy.start(Map.of("protocol", "IMAP4", "outgoing_server", DOVECOT.host() + ":" + DOVECOT.imapPort(),
                "imap_id_forward", "true", "log_facility", log.facility()));
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static RealClients.Result python(String mode, String user, String password, Path out) {
        return RealClients.run(List.of("python3", RealClients.script("imap_session.py").toString(), mode, "127.0.0.1",
                Integer.toString(proxy.port()), user, password, out == null ? "-" : out.toString()), RealClients.TIMEOUT, out);
    }

    /**
     * mbsync with {@code AuthMechs PLAIN} uses AUTHENTICATE only when AUTH=PLAIN is advertised ("server supports no
     * acceptable authentication mechanism" otherwise): the default capability list offers what the proxy accepts.
     */
    @Test
    void mbsyncWithAuthMechsPlainShouldSyncTheInbox() throws Exception {
        DOVECOT.deliver("alice", "Subject: for mbsync\r\n\r\nsynced through the proxy\r\n".getBytes(StandardCharsets.US_ASCII));
        Path dir = Files.createTempDirectory("mbsync-");
        Path maildir = dir.resolve("mail");
        Files.createDirectories(maildir);
        Path config = dir.resolve("mbsyncrc");
        Files.writeString(config, String.join("\n",
                "IMAPAccount proxy", "Host 127.0.0.1", "Port " + proxy.port(), "User alice", "Pass secret",
                "AuthMechs PLAIN", "SSLType None", "",
                "IMAPStore proxy-remote", "Account proxy", "",
                "MaildirStore local", "Path " + maildir + "/", "Inbox " + maildir + "/INBOX", "",
                "Channel inbox", "Far :proxy-remote:", "Near :local:", "Patterns INBOX", "Create Near",
                "Sync Pull", "SyncState *", ""));
        RealClients.Result r = RealClients.run(List.of("mbsync", "-D", "-c", config.toString(), "inbox"),
                RealClients.TIMEOUT, null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText() + r.stderr()).as(r.describe()).contains("AUTHENTICATE PLAIN");
        try (var files = Files.walk(maildir.resolve("INBOX"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString().equals("new")
                    || f.getParent().getFileName().toString().equals("cur"))
                    .anyMatch(f -> read(f).contains("synced through the proxy"))).isTrue();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void imaplibShouldFetchTenMebibytesByteIdentical() throws Exception {
        byte[] sent = DOVECOT.deliverLargeMessage("bob", 10 * 1024 * 1024);
        Path out = Files.createTempFile("imap-fetch-", ".eml");
        RealClients.Result r = python("fetch", "bob", "pa ss word", out);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.file()).isEqualTo(sent);
    }

    @Test
    void authenticatePlainShouldLogInThroughTheProxy() {
        DOVECOT.deliver("alice", "Subject: a\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        RealClients.Result r = python("auth-plain", "alice", "secret", null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("SELECT OK").contains("LOGOUT OK");
    }

    @Test
    void authenticatePlainWithAndWithoutInitialResponseShouldWork() throws Exception {
        String b64 = java.util.Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
        try (LineClient c = new LineClient(proxy.port())) {
            assertThat(c.readLine()).startsWith("* OK [CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN] perdition ready on ");
            String line = c.send("a1 AUTHENTICATE PLAIN " + b64).readLine();
            while (line.startsWith("* ")) {   // the backend's CAPABILITY comes before our OK, as in perdition
                line = c.readLine();
            }
            assertThat(line).isEqualTo("a1 OK You are so in");
            c.send("a2 LOGOUT");
            assertThat(c.readLine()).startsWith("* BYE");
        }
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(c.send("b1 AUTHENTICATE PLAIN").readLine()).isEqualTo("+ ");
            String line = c.send(b64).readLine();
            while (line.startsWith("* ")) {
                line = c.readLine();
            }
            assertThat(line).startsWith("b1 OK");
        }
    }

    @Test
    void curlShouldListTheMailboxThroughTheProxy() {
        RealClients.Result r = RealClients.run(List.of("curl", "-s", "-S", "--max-time", "60", "-u", "carol@example.com:cpw",
                "imap://127.0.0.1:" + proxy.port() + "/"), RealClients.TIMEOUT, null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("INBOX");
    }

    @Test
    void idleShouldSeeAMessageDeliveredDuringTheIdle() throws Exception {
        Process p = new ProcessBuilder(List.of("python3", RealClients.script("imap_session.py").toString(), "idle",
                "127.0.0.1", Integer.toString(proxy.port()), "alice", "secret")).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("IDLE"));
            assertThat(line).startsWith("IDLE +");
            Thread.sleep(500);
            DOVECOT.deliver("alice", "Subject: during idle\r\n\r\nnew\r\n".getBytes(StandardCharsets.US_ASCII));
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("SEEN"));
            assertThat(line).endsWith("EXISTS");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void idForwardingShouldShowTheClientsPortInDovecotsLog() throws Exception {
        int clientPort;
        try (LineClient c = new LineClient(proxy.port())) {
            clientPort = c.socket().getLocalPort();
            c.readLine();
            String line = c.send("x1 LOGIN alice secret").readLine();
            while (line.startsWith("* ")) {
                line = c.readLine();
            }
            assertThat(line).isEqualTo("x1 OK You are so in");
            c.send("x2 LOGOUT");
        }
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end && !DOVECOT.log().contains("rport=" + clientPort)) {
            Thread.sleep(200);
        }
        assertThat(DOVECOT.log()).contains("rport=" + clientPort);
    }

    @Test
    void serverRespLineShouldRelayDovecotsTaggedLinesWithTheClientsTag() throws Exception {
        try (RunningProxy relaying = RunningProxy.start(Map.of("protocol", "IMAP4", "server_resp_line", "true",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.imapPort()));
             LineClient c = new LineClient(relaying.port())) {
            c.readLine();
            assertThat(c.send("x1 LOGIN alice wrong").readLine()).isEqualTo("x1 NO [AUTHENTICATIONFAILED] Authentication failed.");
            String line = c.send("x2 LOGIN alice secret").readLine();
            while (line.startsWith("* ")) {
                line = c.readLine();
            }
            assertThat(line).startsWith("x2 OK ").contains("Logged in");
        }
    }

    /** RFC 3501: after LOGOUT the server closes; a client that waits for that close gets it at once, and so does the log. */
    @Test
    void logoutShouldCloseTheClientConnectionAtOnce() throws Exception {
        try (LineClient c = new LineClient(proxy.port()).timeout(3000)) {
            SessionEnds.imapLogout(c, "alice", "secret");
            log.assertClosedWhileClientOpen(c);
        }
    }
}
