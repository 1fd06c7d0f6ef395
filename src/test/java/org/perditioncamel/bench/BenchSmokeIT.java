package org.perditioncamel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.it.DovecotServer;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * Every scenario of the benchmark (bench/run, docs/benchmark.md) once, for a second, against our proxy in front of
 * a real Dovecot: it checks that the load generator works and that its counts add up (every byte verified, every
 * event delivered, no error), never a speed.
 */
class BenchSmokeIT {
    private static final int MESSAGE_BYTES = 1024 * 1024;

    static final DovecotServer DOVECOT = new DovecotServer().withExtraConfig("mail_max_userip_connections = 1000");
    static RunningProxy proxy;
    static int imap;
    static int sieve;
    static int hub;
    static byte[] message;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        DOVECOT.start();
        // alice's only message is the one bulk fetches; the other scenarios log in as alice too
        message = DOVECOT.deliverLargeMessage("alice", MESSAGE_BYTES);
        imap = FreePorts.one();
        sieve = FreePorts.one();
        hub = FreePorts.one();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("listeners", "POP3,IMAP4,MANAGESIEVE");
        options.put("outgoing_server", DOVECOT.host());
        Map<String, int[]> ports = Map.of("pop3", new int[] {DOVECOT.pop3Port(), 0},
                "imap4", new int[] {DOVECOT.imapPort(), imap}, "managesieve", new int[] {DOVECOT.sievePort(), sieve});
        ports.forEach((protocol, backendAndOurs) -> {
            options.put(protocol + ".outgoing_port", Integer.toString(backendAndOurs[0]));
            if (backendAndOurs[1] != 0) {
                options.put(protocol + ".listen_port", Integer.toString(backendAndOurs[1]));
            }
        });
        options.put("events.broker_port", Integer.toString(hub));
        proxy = RunningProxy.start(options);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        DOVECOT.close();
    }

    @Test
    void loginStormsShouldCountEveryLoginAndDeliverEveryEvent() throws IOException {
        // each of the generator's consumers: STOMP for POP3, core for IMAP, bench/run's long-lived one for ManageSieve
        try (EventCounterServer.Running counter = EventCounterServer.start("127.0.0.1:" + hub, 0)) {
            storms(counter.port());
        }
    }

    private void storms(int counter) throws IOException {
        for (String protocol : List.of("pop3", "imap4", "managesieve")) {
            String[] events = switch (protocol) {
                case "pop3" -> new String[] {"--events", "127.0.0.1:" + hub, "--events-protocol", "stomp"};
                case "imap4" -> new String[] {"--events", "127.0.0.1:" + hub, "--events-protocol", "core"};
                default -> new String[] {"--events", "127.0.0.1:" + counter, "--events-protocol", "remote"};
            };
            Map<String, Object> r = run(protocol, "login", 4, events[0], events[1], events[2], events[3], "--events-wait", "30");
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            // every session logged in at least once; whether one did within the 1 s window is a speed, not a count
            // (on a loaded machine the first logins, with a cold JIT and a cold Dovecot, took longer)
            assertThat((long) r.get("logins_total")).as("%s", r).isGreaterThanOrEqualTo(4L);
            assertThat((long) r.get("logins")).as("%s", r).isBetween(0L, (long) r.get("logins_total"));
            // Connect, Auth and Close for each session: three per login when none failed
            assertThat(r.get("events_expected")).as("%s", r).isEqualTo(3 * (long) r.get("logins_total"));
            assertThat(r.get("events_delivered")).as("%s", r).isEqualTo(r.get("events_expected"));
            assertThat(r).as("%s", r).containsKeys("p50_ms", "p99_ms", "cpu_ms_target_per_login");
        }
    }

    @Test
    void bulkShouldVerifyEveryByteOfEveryFetch() throws IOException {
        Path file = Files.write(dir.resolve("message.eml"), message);
        for (String protocol : List.of("pop3", "imap4")) {
            Map<String, Object> r = run(protocol, "bulk", 2, "--message", file.toString(), "--bulk-users", "alice");
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            long verified = (long) r.get("bytes_verified");
            assertThat(verified).as("%s", r).isPositive();
            assertThat(verified % MESSAGE_BYTES).as("whole messages only: %s", r).isZero();
            assertThat((long) r.get("fetches")).as("%s", r).isPositive();
        }
    }

    @Test
    void noopLatencyShouldTimeEveryNoop() throws IOException {
        for (String protocol : List.of("pop3", "imap4", "managesieve")) {
            Map<String, Object> r = run(protocol, "noop", 1, "--count", "200");
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            assertThat(r.get("noops")).as("%s", r).isEqualTo(200);
            assertThat((double) r.get("p99_us")).as("%s", r).isGreaterThanOrEqualTo((double) r.get("p50_us"));
        }
    }

    @Test
    void idleHoldShouldHoldEverySessionAndAnswerEachNoop() throws IOException {
        for (String protocol : List.of("pop3", "imap4")) {
            Map<String, Object> r = run(protocol, "idle", 20);
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            assertThat(r.get("sessions_held")).as("%s", r).isEqualTo(20);
            assertThat(r.get("noops_ok")).as("%s", r).isEqualTo(20L);
            assertThat((long) r.get("pss_held_kib")).as("%s", r).isPositive();
        }
    }

    @Test
    void unauthenticatedHoldShouldHoldEveryGreetedConnectionAndAnswerEachLogout() throws IOException {
        for (String protocol : List.of("pop3", "imap4", "managesieve")) {
            Map<String, Object> r = run(protocol, "unauth", 20);
            assertThat(r.get("errors")).as("%s", r).isEqualTo(0L);
            assertThat(r.get("sessions_held")).as("%s", r).isEqualTo(20);
            assertThat(r.get("logouts_ok")).as("%s", r).isEqualTo(20L);
            assertThat(r).as("%s", r).doesNotContainKey("noops_ok");
            assertThat((long) r.get("pss_held_kib")).as("%s", r).isPositive();
        }
    }

    private static Map<String, Object> run(String protocol, String scenario, int clients, String... extra)
            throws IOException {
        int port = switch (protocol) {
            case "pop3" -> proxy.port();
            case "imap4" -> imap;
            default -> sieve;
        };
        return SmokeRun.of("ours", protocol, port, scenario, clients, extra);
    }
}
