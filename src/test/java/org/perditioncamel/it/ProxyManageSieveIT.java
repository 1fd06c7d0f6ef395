package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/** ManageSieve through the proxy to Dovecot's managesieve with the real sieve-connect client. */
class ProxyManageSieveIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static RunningProxy proxy;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = RunningProxy.start(Map.of("protocol", "MANAGESIEVE",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.sievePort()));
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    /** sieve-connect reads the password from a file descriptor; fd 3 is the password file here. */
    private static RealClients.Result sieveConnect(String user, String password, String... action) throws IOException {
        Path pw = Files.createTempFile("sieve-pw-", ".txt");
        Files.writeString(pw, password + "\n");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "exec 3<\"$0\"; exec sieve-connect --server 127.0.0.1 --port " + proxy.port()
                        + " --user \"$1\" --passwordfd 3 --authmech PLAIN --clearchan " + String.join(" ", action),
                pw.toString(), user));
        try {
            return RealClients.run(cmd, RealClients.TIMEOUT, null);
        } finally {
            Files.deleteIfExists(pw);
        }
    }

    @Test
    void sieveConnectShouldUploadListActivateAndDownloadThroughTheProxy() throws Exception {
        Path script = Files.createTempFile("vacation-", ".sieve");
        String sieve = "require [\"fileinto\"];\r\nif header :contains \"subject\" \"perdition\" {\r\n  fileinto \"INBOX\";\r\n}\r\n";
        Files.writeString(script, sieve);
        Path downloaded = script.resolveSibling(script.getFileName() + ".back");
        RealClients.Result upload = sieveConnect("alice", "secret", "--localsieve", script.toString(),
                "--remotesieve", "proxied", "--upload");
        assertThat(upload.exitCode()).as(upload.describe()).isZero();
        RealClients.Result activate = sieveConnect("alice", "secret", "--remotesieve", "proxied", "--activate");
        assertThat(activate.exitCode()).as(activate.describe()).isZero();
        RealClients.Result list = sieveConnect("alice", "secret", "--list");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(list.stdoutText()).contains("proxied");
        RealClients.Result download = sieveConnect("alice", "secret", "--remotesieve", "proxied",
                "--localsieve", downloaded.toString(), "--download");
        assertThat(download.exitCode()).as(download.describe()).isZero();
        assertThat(Files.readString(downloaded, StandardCharsets.UTF_8)).isEqualTo(sieve);
        assertThat(Files.exists(DOVECOT.home("alice").resolve(".dovecot.sieve"))).isTrue();
    }

    @Test
    void wrongPasswordShouldFailAndTheSessionGoOn() throws Exception {
        String good = java.util.Base64.getEncoder().encodeToString("\0bob\0pa ss word".getBytes(StandardCharsets.US_ASCII));
        String bad = java.util.Base64.getEncoder().encodeToString("\0bob\0wrong".getBytes(StandardCharsets.US_ASCII));
        try (LineClient c = new LineClient(proxy.port())) {
            String line;
            do {
                line = c.readLine();
            } while (!line.startsWith("OK"));
            assertThat(line).startsWith("OK \"perdition ready on ");
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + bad + "\"").readLine())
                    .isEqualTo("NO \"failed: Re-Authentication Failure\"");
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + good + "\"").readLine()).isEqualTo("OK \"You are so in\"");
            assertThat(c.send("LISTSCRIPTS").readLine()).isNotNull();
        }
    }

    @Test
    void idleSplicedSessionShouldGetByeTimeoutAfterTheErrorDelay() throws Exception {
        String plain = java.util.Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
        try (RunningProxy idle = RunningProxy.start(Map.of("protocol", "MANAGESIEVE", "timeout", "2", "error_delay", "1000",
                "outgoing_server", DOVECOT.host() + ":" + DOVECOT.sievePort()));
             LineClient c = new LineClient(idle.port())) {
            String line;
            do {
                line = c.readLine();
            } while (!line.startsWith("OK"));
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine()).isEqualTo("OK \"You are so in\"");
            long t0 = System.nanoTime();
            assertThat(c.timeout(10_000).readLine()).isEqualTo("BYE \"Timeout\"");
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(2500L, 6000L);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
