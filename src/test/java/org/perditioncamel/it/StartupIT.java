package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.FreePorts;

/**
 * A quiet, clear start of bin/perdition.pop3 as an operator sees it: --version, one-line start-up errors that name
 * the bad value or the busy address, and a start whose stdout carries our lines, not Camel's property summary.
 */
class StartupIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Run launch(Path work, String... args) throws Exception {
        return launchWith(work, "", args);
    }

    private static Run launchWith(Path work, String javaOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("bin/perdition.pop3").toString(), "-f", ""));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PERDITION_JAVA_OPTS", "-Xmx256m -Dstate_directory=" + work.resolve("state")
                + " -Devents.broker_port=" + FreePorts.one() + " -Devents.bridge_port=" + FreePorts.one() + " " + javaOptions);
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("exited within 90 s: " + command).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void versionShouldPrintOneLineAndExit() throws Exception {
        Run run = launch(Files.createTempDirectory("startup-it-"), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(1);
        assertThat(run.lines().get(0)).matches("perdition-camel \\S+ \\(perdition 2\\.2 compatible; Apache Camel 4\\.\\S+; Java .+\\)");
    }

    @Test
    void aBadListenPortOrBindAddressShouldBeOneLineNamingItBeforeAnythingStarts() throws Exception {
        Path work = Files.createTempDirectory("startup-it-");
        Map<List<String>, String> cases = Map.of(
                List.of("-l", "abc"), "perdition.pop3: listen_port: not a port number or known service name: abc",
                List.of("-l", "99999"), "perdition.pop3: listen_port: port out of range: 99999",
                List.of("-b", "nonexistent.invalid"), "perdition.pop3: bind_address nonexistent.invalid: cannot resolve nonexistent.invalid",
                List.of("-b", "127.0.0.1:0x10"), "perdition.pop3: bind_address 127.0.0.1:0x10: not a port number or known service name: 0x10");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(c.getKey());
            args.addAll(List.of("--outgoing_server", "127.0.0.1:1", "-F", "-"));
            Run run = launch(work, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.lines()).as(c.getKey().toString()).containsExactly(c.getValue());
        }
        assertThat(work.resolve("state")).as("nothing was started").doesNotExist();
    }

    @Test
    void aPortInUseShouldStopTheStartWithALineNamingTheAddress() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            Run run = launch(Files.createTempDirectory("startup-it-"), "-b", "127.0.0.1", "-l", Integer.toString(port),
                    "--outgoing_server", "127.0.0.1:1", "-F", "-");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.lines()).as(run.output())
                    .contains("perdition.pop3: cannot listen on 127.0.0.1:" + port + " (POP3): Address already in use");
            assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void anOutboxThatCannotStartShouldStopTheStartWithALineNamingIt() throws Exception {
        // the outbox broker starts beside the routes; the listeners wait for it, so its failure still stops the start
        Path work = Files.createTempDirectory("startup-it-");
        Path outbox = Files.createDirectories(work.resolve("outbox"));
        Files.writeString(outbox.resolve("bindings"), "");   // where the broker wants its bindings journal
        int port = FreePorts.one();
        Run run = launchWith(work, "-Devents.data_dir=" + outbox, "-b", "127.0.0.1",
                "-l", Integer.toString(port), "--outgoing_server", "127.0.0.1:1", "-F", "-");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.lines()).as(run.output()).anyMatch(line -> line.startsWith(
                "perdition.pop3: cannot start the event outbox in " + outbox + ": "));
        assertThat(run.output()).doesNotContain("listening on");
    }

    @Test
    void anEventsDataDirThatIsNoDirectoryShouldStopTheStartWithALineNamingIt() throws Exception {
        Path work = Files.createTempDirectory("startup-it-");
        Path notADirectory = Files.writeString(work.resolve("a-file"), "");
        int port = FreePorts.one();
        Run run = launchWith(work, "-Devents.data_dir=" + notADirectory.resolve("outbox"), "-b", "127.0.0.1",
                "-l", Integer.toString(port), "--outgoing_server", "127.0.0.1:1", "-F", "-");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.lines()).as(run.output()).contains("perdition.pop3: cannot use events.data_dir "
                + notADirectory.resolve("outbox") + ": " + notADirectory + " is not a directory");
        assertThat(run.output()).doesNotContain("listening on").doesNotContain("\tat ");
    }

    @Test
    void aStartShouldSayWhereItListensWithoutCamelsPropertySummary() throws Exception {
        int port = FreePorts.one();
        String out = outputOnceListening(port, "");
        assertThat(out).containsPattern("perdition\\.pop3\\[\\d+\\]: listening on 127\\.0\\.0\\.1:" + port + " \\(POP3\\)");
        assertThat(out).doesNotContain("Auto-configuration summary").doesNotContain("Property-placeholders summary")
                .doesNotContain(" INFO ");
    }

    /** With -d Camel prints the properties it looked up: the hub's passwords and map_library_opt masked. */
    @Test
    void debugsPropertySummaryShouldMaskEverySecret() throws Exception {
        String out = outputOnceListening(FreePorts.one(),
                " -Devents.consumer_password=Hush-Consumer-1 -Devents.bridge_password=Hush-Bridge-2", "-d");
        assertThat(out).as("the summary is printed with -d").contains("consumer_password");
        assertThat(out).doesNotContain("Hush-Consumer-1").doesNotContain("Hush-Bridge-2");
    }

    /** What a POP3 instance printed until a second after it said it listens (or 10 s). */
    private static String outputOnceListening(int port, String javaOptions, String... arguments) throws Exception {
        Path work = Files.createTempDirectory("startup-it-");
        List<String> command = new java.util.ArrayList<>(List.of(PROJECT.resolve("bin/perdition.pop3").toString(), "-f",
                "", "-b", "127.0.0.1", "-l", Integer.toString(port), "--outgoing_server", "127.0.0.1:1", "-F", "-"));
        command.addAll(List.of(arguments));
        try (ServerProcess proxy = ServerProcess.start("perdition.pop3", command, work,
                Map.of("PERDITION_JAVA_OPTS", "-Xmx256m -Dstate_directory=" + work.resolve("state")
                        + " -Devents.broker_port=" + FreePorts.one() + " -Devents.bridge_port=" + FreePorts.one()
                        + javaOptions),
                work.resolve("out"), Duration.ofSeconds(90), port)) {
            long end = System.currentTimeMillis() + 10_000;
            String out = "";
            while (System.currentTimeMillis() < end && !out.contains("listening on")) {
                Thread.sleep(100);
                out = Files.readString(work.resolve("out"));
            }
            Thread.sleep(1_000);
            return Files.readString(work.resolve("out"));
        }
    }
}
