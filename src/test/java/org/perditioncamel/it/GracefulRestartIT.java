package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;

/**
 * A restart as issue 17 asks for it, with real processes in front of Dovecot: the new process binds the same port
 * beside the old one (reuse_port), the old one gets SIGTERM, stops accepting and lets its logged-in session finish
 * (drain_timeout) while every new connection is served by the new one; the old process exits as soon as its last
 * session has ended. A session that outstays drain_timeout is closed when it is over.
 */
class GracefulRestartIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final Duration START = Duration.ofSeconds(90);
    private final Path project = Path.of("").toAbsolutePath();
    private final List<ServerProcess> processes = new ArrayList<>();
    private final int port = FreePorts.one();
    private int hubPort;
    private final int bridgePort = FreePorts.one();
    private Path work;

    @AfterEach
    void stopAll() {
        processes.forEach(ServerProcess::close);
    }

    @Test
    void aRestartBesideTheOldProcessShouldRefuseNoConnectionAndLetTheLoggedInSessionFinish() throws Exception {
        ServerProcess old = start("blue", 30);
        String user = DOVECOT.users().keySet().iterator().next();
        try (EventConsumer consumer = new EventConsumer(hubPort(), null, null);
             LineClient session = loggedIn(user);
             LineClient greeted = new LineClient(port).timeout(20_000)) {
            assertThat(greeted.readLine()).startsWith("+OK");
            ServerProcess replacement = start("green", 30);

            old.terminate();
            awaitLog("blue", "Draining: no new connections; 2 open sessions may go on for up to 30 s");
            // the old process's sessions go on, a login included; every new connection reaches the new process
            assertThat(session.send("STAT").readLine()).startsWith("+OK");
            assertThat(greeted.send("USER " + user).readLine()).startsWith("+OK");
            assertThat(greeted.send("PASS " + DOVECOT.users().get(user)).readLine()).startsWith("+OK");
            assertThat(greeted.send("QUIT").readLine()).startsWith("+OK");
            for (int i = 0; i < 20; i++) {
                try (LineClient fresh = new LineClient(port).timeout(10_000)) {
                    assertThat(fresh.readLine()).as("connection %d during the drain", i).startsWith("+OK");
                }
            }
            assertThat(old.isAlive()).as("still draining").isTrue();
            assertThat(session.send("QUIT").readLine()).startsWith("+OK");
            assertThat(old.awaitExit(Duration.ofSeconds(20))).as("exits once its last session has ended, well"
                    + " before drain_timeout:\n" + old.outputTail()).isTrue();
            assertThat(log("blue")).contains("Drained: every session has ended");
            assertThat(log("blue")).contains("Closing session:");

            try (LineClient after = loggedIn(user)) {
                assertThat(after.send("QUIT").readLine()).startsWith("+OK");
            }
            assertThat(replacement.isAlive()).isTrue();
            // the login made while the old process drained is no less an Auth event: the SMTP side sees all three
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.ok(user) < 3 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(consumer.ok(user)).as("Auth events of the logins before, during and after the drain")
                    .isEqualTo(3);
        }
    }

    @Test
    void aSessionThatOutstaysTheDrainTimeShouldBeClosedWhenItIsOver() throws Exception {
        work = Files.createTempDirectory("graceful-restart-");
        Path pid = work.resolve("blue.pid");
        ServerProcess proxy = start("blue", 2, List.of("--pid_file", pid.toString()));
        assertThat(pid).exists();
        String user = DOVECOT.users().keySet().iterator().next();
        try (LineClient session = loggedIn(user)) {
            long stopping = System.nanoTime();
            proxy.terminate();
            awaitLog("blue", "Draining: no new connections; 1 open sessions may go on for up to 2 s");
            assertThat(session.send("NOOP").readLine()).startsWith("+OK");
            assertThat(pid).as("the process has not ended: its pid file stays through the drain").exists();
            session.timeout(20_000);
            assertThat(session.readLine()).as("closed by the proxy at the end of the drain").isNull();
            assertThat(proxy.awaitExit(Duration.ofSeconds(20))).isTrue();
            assertThat((System.nanoTime() - stopping) / 1_000_000).as("ms from SIGTERM to exit").isGreaterThanOrEqualTo(2_000);
            assertThat(log("blue")).contains("Drain time over: closing the 1 sessions still open");
            assertThat(pid).as("gone with the process").doesNotExist();
        }
    }

    /**
     * A drain longer than Camel Main's own wait for a stop (15 s + 5 s): the session still gets its answers after 20 s.
     */
    @Test
    void aDrainLongerThanCamelsStopWaitShouldLastItsWholeTime() throws Exception {
        // no pid file: its exit hook would hold the JVM for the drain by itself, whatever Camel's hook does
        ServerProcess proxy = start("green", 25);
        String user = DOVECOT.users().keySet().iterator().next();
        try (LineClient session = loggedIn(user)) {
            long stopping = System.nanoTime();
            proxy.terminate();
            awaitLog("green", "Draining: no new connections; 1 open sessions may go on for up to 25 s");
            Thread.sleep(22_000);
            assertThat(session.send("NOOP").readLine()).as("answered 22 s into the drain").startsWith("+OK");
            session.timeout(20_000);
            assertThat(session.readLine()).as("closed by the proxy at the end of the drain").isNull();
            assertThat(proxy.awaitExit(Duration.ofSeconds(30))).isTrue();
            assertThat((System.nanoTime() - stopping) / 1_000_000).as("ms from SIGTERM to exit").isGreaterThanOrEqualTo(25_000);
            assertThat(log("green")).contains("Drain time over: closing the 1 sessions still open");
        }
    }

    private LineClient loggedIn(String user) throws IOException {
        LineClient client = new LineClient(port).timeout(20_000);
        assertThat(client.readLine()).startsWith("+OK");
        assertThat(client.send("USER " + user).readLine()).startsWith("+OK");
        assertThat(client.send("PASS " + DOVECOT.users().get(user)).readLine()).startsWith("+OK");
        return client;
    }

    /** One process of a blue/green pair: its own instance name (and outbox), the shared state root and port. */
    private ServerProcess start(String instance, int drainSeconds) throws IOException, InterruptedException {
        return start(instance, drainSeconds, List.of());
    }

    private ServerProcess start(String instance, int drainSeconds, List<String> moreOptions)
            throws IOException, InterruptedException {
        if (work == null) {
            work = Files.createTempDirectory("graceful-restart-");
        }
        List<String> command = new ArrayList<>(List.of(project.resolve("bin/perdition.pop3").toString(), "-f", "",
                "--bind_address", "127.0.0.1", "--listen_port", String.valueOf(port),
                "--outgoing_server", DOVECOT.host(), "--outgoing_port", String.valueOf(DOVECOT.pop3Port()),
                "--map_library", "", "--log_facility", work.resolve(instance + ".log").toString()));
        command.addAll(moreOptions);
        String options = "-Xmx256m -XX:+UseSerialGC -Dreuse_port=true -Ddrain_timeout=" + drainSeconds
                + " -Dinstance_name=perdition.pop3-" + instance + " -Dstate_directory=" + work.resolve("state")
                + " -Devents.broker_port=" + hubPort() + " -Devents.bridge_port=" + bridgePort + " -Derror_delay=0";
        ServerProcess process = ServerProcess.start("perdition.pop3 " + instance, command, work,
                Map.of("PERDITION_JAVA_OPTS", options), work.resolve(instance + ".out"), START, port);
        processes.add(process);
        awaitLog(instance, "listening on 127.0.0.1:" + port);
        return process;
    }

    private int hubPort() {
        if (hubPort == 0) {
            hubPort = FreePorts.one();
        }
        return hubPort;
    }

    private String log(String instance) throws IOException {
        Path log = work.resolve(instance + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void awaitLog(String instance, String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + START.toNanos();
        while (!log(instance).contains(text) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(log(instance)).as("log of " + instance).contains(text);
    }
}
