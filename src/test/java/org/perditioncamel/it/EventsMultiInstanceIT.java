package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.FreePorts;

/**
 * Issue 12 as an operator meets it: four instances started the way perdition's init script starts them (one working
 * directory, invoked as perdition.pop3, perdition.imap4, perdition.imap4s and perdition.managesieve, each with its own
 * options), in front of Dovecot. The instance serving the hub is killed in the middle of a stream of logins; a
 * durable consumer on the well-known port must still see every login's Auth event, once per event_id.
 */
class EventsMultiInstanceIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final List<String> PROTOCOLS = List.of("pop3", "imap4", "imap4s", "managesieve");
    private static final Duration START = Duration.ofSeconds(90);
    private static final String HUB_LIVE = "Events hub: serving";

    private final Path project = Path.of("").toAbsolutePath();
    private final Map<String, ServerProcess> instances = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final int hubPort = FreePorts.one();
    private Path work;

    @AfterEach
    void stopAll() {
        instances.values().forEach(ServerProcess::close);
    }

    @Test
    void everyAuthEventShouldReachTheHubOnceWhileItsInstanceIsKilledAndReplaced() throws Exception {
        work = Files.createTempDirectory("events-multi-");
        Files.createDirectories(work.resolve("config"));
        // what every instance shares, as /etc/perdition-camel would hold it: the state root, hub port, consumer account
        Files.writeString(work.resolve("config/application.properties"), String.join("\n",
                "state_directory = " + work.resolve("state"),
                "events.broker_port = " + hubPort,
                "events.bridge_port = " + FreePorts.one(),
                "events.consumer_user = smtp",
                "events.consumer_password = consumer-pw",
                "events.anonymous_loopback = false",
                "error_delay = 0",
                ""));
        certificate();
        for (String protocol : PROTOCOLS) {
            ports.put(protocol, FreePorts.one());
        }

        long started = System.nanoTime();
        ExecutorService starter = Executors.newFixedThreadPool(PROTOCOLS.size());
        List<Future<ServerProcess>> starting = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            starting.add(starter.submit(() -> start(protocol)));
        }
        for (int i = 0; i < PROTOCOLS.size(); i++) {
            instances.put(PROTOCOLS.get(i), starting.get(i).get());
        }
        starter.shutdown();
        System.out.printf("4 instances listening after %.1f s%n", (System.nanoTime() - started) / 1e9);
        String hub = awaitHubOwner(null);
        secondInstanceWithTheSameNameShouldFailAtOnce();

        try (EventConsumer consumer = new EventConsumer(hubPort, "smtp", "consumer-pw")) {
            int expected = 0;
            for (String protocol : PROTOCOLS) {
                assertThat(EventLogins.login(protocol, ports.get(protocol), "alice", "secret")).as(protocol).isTrue();
                expected++;
            }
            awaitEvents(consumer, expected);

            List<String> survivors = new ArrayList<>(PROTOCOLS);
            survivors.remove(hub);
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicInteger streamed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread stream = new Thread(() -> {
                for (int i = 0; streaming.get(); i++) {
                    String protocol = survivors.get(i % survivors.size());
                    if (EventLogins.login(protocol, ports.get(protocol), "alice", "secret")) {
                        streamed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }, "login-stream");
            stream.start();
            Thread.sleep(2000);
            long killed = System.nanoTime();
            instances.get(hub).kill();
            String newHub = awaitHubOwner(hub);
            System.out.printf("hub moved from %s to %s in %.1f s%n", hub, newHub, (System.nanoTime() - killed) / 1e9);
            Thread.sleep(3000);
            streaming.set(false);
            stream.join(30_000);
            assertThat(failed.get()).as("logins that failed during the stream").isZero();
            expected += streamed.get();

            // systemd restarts the crashed instance: it joins as a standby and serves logins again
            instances.put(hub, start(hub));
            assertThat(EventLogins.login(hub, ports.get(hub), "alice", "secret")).isTrue();
            expected++;

            awaitEvents(consumer, expected);
            Thread.sleep(1000);
            assertThat(consumer.okTotal()).as("distinct Auth events").isEqualTo(expected);
            System.out.printf("%d logins, %d distinct Auth events, %d redelivered duplicates, %d consumer reconnects%n",
                    expected, consumer.okTotal(), consumer.duplicates(), consumer.reconnects());
        }
        for (Map.Entry<String, ServerProcess> instance : instances.entrySet()) {
            // a killed hub is a normal condition: Artemis may say so in a WARN line, but no stack trace
            assertThat(instance.getValue().output()).as(instance.getKey() + " output").doesNotContain("\tat ");
        }
    }

    /** perdition.pop3 started twice from one directory: the second says why in one line and exits 2, never hangs. */
    private void secondInstanceWithTheSameNameShouldFailAtOnce() throws Exception {
        Process second = new ProcessBuilder(project.resolve("bin/perdition.pop3").toString(), "--bind_address",
                "127.0.0.1", "--listen_port", String.valueOf(FreePorts.one()), "--map_library", "")
                .directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("perdition.pop3: state directory " + work.resolve("state/perdition.pop3")
                + " is in use by another perdition-camel instance").doesNotContain("\tat ");
    }

    private ServerProcess start(String protocol) {
        List<String> command = new ArrayList<>(List.of(project.resolve("bin/perdition." + protocol).toString(),
                "--bind_address", "127.0.0.1",
                "--listen_port", String.valueOf(ports.get(protocol)),
                "--outgoing_server", DOVECOT.host(),
                "--outgoing_port", String.valueOf(backendPort(protocol)),
                "--map_library", "",
                "--log_facility", work.resolve(protocol + ".log").toString()));
        if (protocol.equals("imap4s")) {
            // TLS towards the client only: Dovecot's IMAP port here is plaintext
            command.addAll(List.of("--ssl_mode", "ssl_listen", "--ssl_cert_file", work.resolve("cert.pem").toString(),
                    "--ssl_key_file", work.resolve("key.pem").toString()));
        }
        return ServerProcess.start("perdition." + protocol, command, work,
                Map.of("PERDITION_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC"),
                work.resolve(protocol + ".out"), START, ports.get(protocol));
    }

    private static int backendPort(String protocol) {
        switch (protocol) {
            case "pop3":
                return DOVECOT.pop3Port();
            case "managesieve":
                return DOVECOT.sievePort();
            default:
                return DOVECOT.imapPort();
        }
    }

    /** The instance whose log says it serves the hub (not {@code except}), waiting up to 30 s for one to. */
    private String awaitHubOwner(String except) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            for (String protocol : PROTOCOLS) {
                Path log = work.resolve(protocol + ".log");
                if (!protocol.equals(except) && Files.exists(log) && Files.readString(log).contains(HUB_LIVE)) {
                    return protocol;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no instance took the hub over");
    }

    private static void awaitEvents(EventConsumer consumer, int expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.okTotal() < expected && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(consumer.okTotal()).as("distinct Auth events").isEqualTo(expected);
    }

    private void certificate() throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", work.resolve("key.pem").toString(),
                "-out", work.resolve("cert.pem").toString()).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor()).isZero();
    }
}
