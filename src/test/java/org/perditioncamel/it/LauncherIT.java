package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.RunningProxy;

/** The real launcher as an operator runs it: bin/perdition.pop3 with a perdition.conf, in front of Dovecot. */
class LauncherIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @Test
    void perditionConfShouldConfigureTheRunningProxyAndItsLogLines() throws Exception {
        Path dir = Files.createTempDirectory("launcher-it-");
        int port = RunningProxy.freePort();
        Path log = dir.resolve("perdition.log");
        Path conf = dir.resolve("perdition.conf");
        Files.writeString(conf, String.join("\n",
                "# written by LauncherIT, in perdition 2.2's grammar",
                "bind_address 127.0.0.1",
                "l " + port,
                "outgoing_server \"" + DOVECOT.host() + ":" + DOVECOT.pop3Port() + "\"   # quoted, with a comment",
                "map_library ''",
                "ok_line Welcome \\# aboard",
                "log_facility " + log,
                ""));
        ProcessBuilder pb = new ProcessBuilder(List.of("bin/perdition.pop3", "-f", conf.toString(),
                "--error_delay_is_not_a_perdition_option"));
        Process refused = pb.redirectErrorStream(true).start();
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("error_delay_is_not_a_perdition_option");

        ProcessBuilder run = new ProcessBuilder(List.of("bin/perdition.pop3", "-f", conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile());
        // keys beyond perdition come as Java system properties; here: a private hub port and state directory
        run.environment().put("PERDITION_JAVA_OPTS", "-Devents.broker_port=" + RunningProxy.freePort() + " -Devents.bridge_port=" + RunningProxy.freePort()
                + " -Dstate_directory=" + dir.resolve("state"));
        Process proxy = run.start();
        try {
            waitForPort(port, proxy);
            RealClients.Result r = RealClients.pythonPoplib("127.0.0.1", port, "alice", "secret", 0);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("USER bob\r\nPASS pa ss word\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("+OK POP3 perditon ready on ").contains("+OK Welcome # aboard\r\n");
            }
            long end = System.currentTimeMillis() + 15_000;
            String lines = "";
            while (System.currentTimeMillis() < end && !lines.contains("authentication_id=\"bob\" received=")) {
                Thread.sleep(200);
                lines = Files.exists(log) ? Files.readString(log) : "";
            }
            assertThat(lines).containsPattern("perdition\\.pop3\\[\\d+\\]: Connect:  127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:" + port);
            assertThat(lines).containsPattern("Auth: 127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:" + port
                    + " client-secure=plaintext authorisation_id=NONE authentication_id=\"alice\" server=\"127\\.0\\.0\\.1:"
                    + DOVECOT.pop3Port() + "\" protocol=POP3 server-secure=plaintext status=\"ok\"");
            assertThat(lines).containsPattern("Closing session: 127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:" + port
                    + " authorisation_id=NONE authentication_id=\"bob\" received=6 sent=\\d+");
            assertThat(lines).doesNotContain("pa ss word").doesNotContain("secret");
        } finally {
            proxy.destroy();
            assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aBrokenRouteFileShouldStopTheLauncherWithOneLineNamingItsFileAndLine() throws Exception {
        Path routes = Files.createTempDirectory("launcher-routes-");
        try (var files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path login = routes.resolve("login.camel.yaml");
        Files.writeString(login, Files.readString(login).replace("- choice:\n            id: login-refused",
                "- chioce:\n            id: login-refused"));
        int line = Files.readAllLines(login).indexOf("        - chioce:") + 1;
        ProcessBuilder pb = new ProcessBuilder(List.of("bin/perdition.pop3", "-f", "", "--map_library", "",
                "-b", "127.0.0.1", "-l", Integer.toString(RunningProxy.freePort()), "--routes_directory", routes.toString()));
        pb.environment().put("PERDITION_JAVA_OPTS", "-Devents.broker_port=" + RunningProxy.freePort() + " -Devents.bridge_port=" + RunningProxy.freePort()
                + " -Dstate_directory=" + routes.resolve("state"));
        Process refused = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(stderr.lines().toList()).contains("perdition.pop3: " + login + ":" + line + ":11: Unknown node id: chioce");
    }

    private static void waitForPort(int port, Process proxy) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            assertThat(proxy.isAlive()).as("bin/perdition.pop3 exited early").isTrue();
            // a JVM listens on an IPv6 socket even for 127.0.0.1, so the port shows in tcp6
            String listening = String.format(":%04X 0", port);
            String tables = Files.readString(Path.of("/proc/net/tcp")) + Files.readString(Path.of("/proc/net/tcp6"));
            if (tables.lines().anyMatch(l -> l.contains(listening) && l.substring(l.indexOf(listening)).contains(" 0A "))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("bin/perdition.pop3 did not listen on " + port);
    }
}
