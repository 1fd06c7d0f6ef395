package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.RunningProxy;

/**
 * The distribution archive as an operator uses it: unpacked outside the source tree, started from another
 * directory with no Maven and no target/, in front of Dovecot; its systemd units, checked by systemd itself; and
 * the proxy started by systemd's socket machinery: systemd-socket-activate --inetd starts one process per
 * connection with the connection on stdin/stdout (inetd mode, -i), without --inetd it passes the listening
 * socket (LISTEN_FDS) to one standalone proxy.
 */
class DistributionIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static Path dist;

    @BeforeAll
    static void unpack() throws Exception {
        dist = Distribution.unpack();
    }

    @Test
    void theUnpackedArchiveShouldRunAnywhereAndProxyALogin() throws Exception {
        assertThat(dist.toString()).doesNotStartWith(Path.of("").toAbsolutePath().toString());
        assertThat(dist.resolve("target")).doesNotExist();
        try (Stream<Path> lib = Files.list(dist.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("perdition-camel-.*\\.jar"));
        }
        assertThat(dist.resolve("config/routes/session.camel.yaml")).isRegularFile();
        assertThat(dist.resolve("docs/operations.md")).isRegularFile();

        Path work = Files.createTempDirectory("perdition-dist-run-");
        int port = RunningProxy.freePort();
        Path log = work.resolve("perdition.log");
        Path conf = work.resolve("perdition.conf");
        Files.writeString(conf, String.join("\n", "bind_address 127.0.0.1", "listen_port " + port,
                "outgoing_server " + DOVECOT.host() + ":" + DOVECOT.pop3Port(), "map_library ''",
                "log_facility " + log, "pid_file " + log.resolveSibling("perdition.pid"), ""));
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/perdition.pop3").toString(), "-f", conf.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("stderr").toFile());
        pb.environment().put("PERDITION_JAVA_OPTS", "-Devents.broker_port=" + RunningProxy.freePort() + " -Devents.bridge_port=" + RunningProxy.freePort()
                + " -Dstate_directory=" + work.resolve("state"));
        long launched = System.nanoTime();
        Process proxy = pb.start();
        try {
            Distribution.waitForListener(port, proxy, 90_000);
            long startMillis = (System.nanoTime() - launched) / 1_000_000;
            System.out.println("DistributionIT: launch to listening from the archive: " + startMillis + " ms");

            RealClients.Result r = RealClients.pythonPoplib("127.0.0.1", port, "alice", "secret", 0);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText()).startsWith("STAT ");
            // the contract with the routes an operator edits: the launcher points at the archive's config/routes
            String cmdline = Files.readString(Path.of("/proc/" + proxy.pid() + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).contains("-Dperdition.routes_directory=" + dist.resolve("config/routes"))
                    .contains(dist.resolve("lib") + "/*");
            assertThat(Distribution.awaitLine(log, "Closing session:")).contains("authentication_id=\"alice\"");
        } finally {
            Distribution.stop(proxy);
        }
    }

    /**
     * AppCDS: the first start from the archive writes a class-data archive when it stops (Java 17) or keeps one up to
     * date (19+); the next start maps it. Checked in the running JVM's memory map, not by timing.
     */
    @Test
    void aSecondStartShouldMapTheClassDataArchiveTheFirstOneWrote() throws Exception {
        Path work = Files.createTempDirectory("perdition-dist-cds-");
        Path cds = work.resolve("cds");
        for (int round = 1; round <= 2; round++) {
            int port = RunningProxy.freePort();
            ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/perdition.pop3").toString(), "-f", "",
                    "-b", "127.0.0.1", "-l", Integer.toString(port), "-s", DOVECOT.host() + ":" + DOVECOT.pop3Port(),
                    "-M", "", "-F", work.resolve("perdition.log").toString())
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("out-" + round).toFile());
            pb.environment().put("PERDITION_CDS_DIR", cds.toString());
            pb.environment().put("PERDITION_JAVA_OPTS", "-Devents.broker_port=" + RunningProxy.freePort() + " -Devents.bridge_port=" + RunningProxy.freePort()
                    + " -Dstate_directory=" + work.resolve("state"));
            Process proxy = pb.start();
            try {
                Distribution.waitForListener(port, proxy, 90_000);
                if (round == 2) {
                    String maps = Files.readString(Path.of("/proc/" + proxy.pid() + "/maps"));
                    assertThat(maps).as("the JVM maps the archive").containsPattern(
                            java.util.regex.Pattern.quote(cds.toString()) + "/perdition\\.pop3-java\\d+-\\d+\\.jsa");
                }
            } finally {
                Distribution.stop(proxy);
            }
            try (Stream<Path> archives = Files.list(cds)) {
                assertThat(archives.map(p -> p.getFileName().toString()))
                        .as("after start " + round).anyMatch(n -> n.endsWith(".jsa"));
            }
        }
        // no word from the JVM about the archive ("[cds]" log tags, "CDS ...", "shared archive"); paths may say cds
        assertThat(Files.readString(work.resolve("out-1")) + Files.readString(work.resolve("out-2")))
                .doesNotContain("[cds").doesNotContain("CDS").doesNotContainIgnoringCase("shared archive");
    }

    @Test
    void theSystemdUnitsShouldPassSystemdAnalyzeVerify() throws Exception {
        Path units = Files.createTempDirectory("perdition-units-");
        List<String> toVerify = new ArrayList<>();
        // the units name /opt/perdition-camel; here the archive is elsewhere, as after an install to another prefix
        for (String protocol : List.of("pop3", "pop3s", "imap4", "imap4s", "managesieve")) {
            Path instance = units.resolve("perdition-camel@" + protocol + ".service");
            Files.writeString(instance, unit("perdition-camel@.service"));
            Path socket = units.resolve("perdition-camel-" + protocol + ".socket");
            Files.writeString(socket, unit("perdition-camel-" + protocol + ".socket"));
            toVerify.add(instance.toString());
            toVerify.add(socket.toString());
        }
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        command.addAll(toVerify);
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // systemd-analyze exits 0 on unknown keys and only says so: any output is a finding
        assertThat(output).as("systemd-analyze verify output").isEmpty();
        assertThat(verify.exitValue()).isZero();

        String template = unit("perdition-camel@.service");
        assertThat(template).contains("ExecStart=" + dist.resolve("bin") + "/perdition.%i", "DynamicUser=yes",
                "User=perdition-camel", "ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=perdition-camel",
                "AmbientCapabilities=CAP_NET_BIND_SERVICE");
    }

    private static String unit(String name) throws Exception {
        return Files.readString(dist.resolve("systemd").resolve(name)).replace("/opt/perdition-camel", dist.toString());
    }

    @Test
    void inetdModeShouldServeOneSessionPerProcessAndExitAfterIt() throws Exception {
        Activated activated = Activated.start(true);
        int port = activated.port();
        Path log = activated.log();
        Process activator = activated.process();
        try {
            // two sessions at once, two processes: neither writes the pid file (perdition writes none in inetd
            // mode), so neither refuses the other as the owner of a live one
            List<Long> millis = new ArrayList<>();
            long connected = System.nanoTime();
            try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
                for (Socket s : List.of(first, second)) {
                    s.setSoTimeout(90_000);
                    assertThat(readLine(s.getInputStream())).startsWith("+OK POP3 perditon ready on ");
                    millis.add((System.nanoTime() - connected) / 1_000_000);
                }
                assertThat(activated.pidFile()).doesNotExist();
            }
            System.out.println("DistributionIT: inetd connect to greeting (a JVM per connection): " + millis + " ms");

            RealClients.Result r = RealClients.pythonPoplib("127.0.0.1", port, "alice", "secret", 0);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText()).startsWith("STAT ");
            String closing = Distribution.awaitLine(log, "Closing session:");
            assertThat(closing).contains("authentication_id=\"alice\"");

            // one process per connection, each with its own pid, and none left once its session is over
            String lines = Files.readString(log);
            assertThat(lines.lines().filter(l -> l.contains("Connect:  127.0.0.1:")).map(Distribution::pidOf)
                    .distinct().count()).isEqualTo(3);
            long end = System.currentTimeMillis() + 30_000;
            while (activator.descendants().findAny().isPresent() && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            assertThat(activator.descendants().map(ProcessHandle::pid).toList()).as("inetd children left").isEmpty();
        } finally {
            Distribution.stop(activator);
        }
    }

    @Test
    void inetdModeFromPerditionConfShouldWriteNoClassDataArchive() throws Exception {
        // each inetd process would write the archive at its exit (Java 17), several at once: the launcher knows inetd
        // mode by the connection on standard input, also when -i is not on its command line
        Activated activated = Activated.start(true, true);
        Process activator = activated.process();
        try {
            RealClients.Result r = RealClients.pythonPoplib("127.0.0.1", activated.port(), "alice", "secret", 0);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            Distribution.awaitLine(activated.log(), "Closing session:");
            long end = System.currentTimeMillis() + 30_000;
            while (activator.descendants().findAny().isPresent() && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            assertThat(activator.descendants().toList()).as("inetd children left").isEmpty();
            Path cds = activated.log().resolveSibling("cds");
            if (Files.isDirectory(cds)) {
                try (Stream<Path> archives = Files.list(cds)) {
                    assertThat(archives.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".jsa"));
                }
            }
        } finally {
            Distribution.stop(activator);
        }
    }

    @Test
    void socketActivationShouldHandTheListeningSocketToTheStandaloneProxy() throws Exception {
        Activated activated = Activated.start(false);
        Path log = activated.log();
        Process activator = activated.process();
        try {
            // the first connection starts the proxy, which takes fd 3 instead of binding its own socket
            for (int i = 0; i < 2; i++) {
                RealClients.Result r = RealClients.pythonPoplib("127.0.0.1", activated.port(), "alice", "secret", 0);
                assertThat(r.exitCode()).as(r.describe()).isZero();
            }
            // without --inetd, systemd-socket-activate execs the proxy: same process, the socket as fd 3
            assertThat(activator.descendants().toList()).isEmpty();
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + activator.pid() + "/fd/3")).toString())
                    .startsWith("socket:");
            Distribution.awaitLine(log, "Closing session:");
            assertThat(Files.readString(log).lines().filter(l -> l.contains("Connect:  127.0.0.1:"))
                    .map(Distribution::pidOf).distinct().toList()).containsExactly(Long.toString(activator.pid()));
            assertThat(Files.readString(activated.pidFile()).trim()).isEqualTo(Long.toString(activator.pid()));
        } finally {
            Distribution.stop(activator);
        }
    }

    /** systemd-socket-activate listening on a free port, with the archive's bin/perdition.pop3 behind it. */
    private record Activated(int port, Path log, Process process) {
        Path pidFile() {
            return log.resolveSibling("perdition.pid");
        }

        static Activated start(boolean inetd) throws Exception {
            return start(inetd, false);
        }

        /** @param inetdInConf inetd_mode from perdition.conf, not -i */
        static Activated start(boolean inetd, boolean inetdInConf) throws Exception {
            Path work = Files.createTempDirectory("perdition-activated-");
            int port = RunningProxy.freePort();
            Path log = work.resolve("perdition.log");
            Process process = activate(work, port, log, inetd, inetdInConf);
            Distribution.waitForListener(port, process, 30_000);
            return new Activated(port, log, process);
        }
    }

    private static Process activate(Path work, int port, Path log, boolean inetd, boolean inetdInConf)
            throws Exception {
        Path conf = work.resolve("perdition.conf");
        Files.writeString(conf, String.join("\n", "listen_port " + port,
                "outgoing_server " + DOVECOT.host() + ":" + DOVECOT.pop3Port(), "map_library ''",
                "log_facility " + log, "pid_file " + log.resolveSibling("perdition.pid"),
                inetdInConf ? "inetd_mode" : "", ""));
        List<String> command = new ArrayList<>(List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port,
                "-E", "PERDITION_JAVA_OPTS=-Devents.broker_port=" + RunningProxy.freePort()
                        + " -Devents.bridge_port=" + RunningProxy.freePort()
                        + " -Dstate_directory=" + work.resolve("state"),
                "-E", "PERDITION_CDS_DIR=" + work.resolve("cds")));
        if (inetd) {
            command.addAll(List.of("--inetd", "-a"));
        }
        command.add(dist.resolve("bin/perdition.pop3").toString());
        if (inetd && !inetdInConf) {
            command.add("-i");
        }
        command.addAll(List.of("-f", conf.toString()));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("stderr").toFile()).start();
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
