package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.popmap.sql.RealDatabase;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;

/**
 * Issue 17's fleet on one machine: HAProxy (PROXY v2, health checks, redispatch) in front of three proxy processes on
 * their own loopback addresses, one PostgreSQL popmap shared by all (alice and carol on one Dovecot, bob on another),
 * and every proxy's events bridged into one broker. During a login storm from 127.0.0.77 one proxy is restarted
 * gracefully (the new process binds beside the old one with reuse_port, the old one drains) and another is killed
 * with SIGKILL and started again. No client sees an error from the restart; the killed proxy's clients connect again
 * and reach the others; every completed login's Auth event reaches the broker, with the client's own address.
 */
class TopologyIT {
    @RegisterExtension
    static final DovecotServer MAIL_A = new DovecotServer();
    @RegisterExtension
    static final DovecotServer MAIL_B = new DovecotServer();

    private static final Duration START = Duration.ofSeconds(120);
    private static final String CLIENT_ADDRESS = "127.0.0.77";
    private static final List<String> USERS = List.of("alice", "bob", "carol@example.com");
    private static final int CLIENTS = 6;

    private final Path project = Path.of("").toAbsolutePath();
    private final Map<String, ServerProcess> proxies = new LinkedHashMap<>();
    private final List<ServerProcess> stopped = new ArrayList<>();
    private Path work;
    private int brokerPort;
    private String popmapOption;

    @AfterEach
    void stopAll() {
        proxies.values().forEach(ServerProcess::close);
        stopped.forEach(ServerProcess::close);
    }

    @Test
    void aLoginStormThroughHaproxyShouldSurviveAGracefulRestartAndAKill() throws Exception {
        work = Files.createTempDirectory("topology-");
        brokerPort = FreePorts.one();
        EmbeddedActiveMQ broker = broker(brokerPort);
        try (RealDatabase popmap = new RealDatabase.Postgresql().create(List.of(
                new String[] {"alice", MAIL_A.host(), Integer.toString(MAIL_A.pop3Port())},
                new String[] {"carol@example.com", MAIL_A.host(), Integer.toString(MAIL_A.pop3Port())},
                new String[] {"bob", MAIL_B.host(), Integer.toString(MAIL_B.pop3Port())}));
             EventConsumer consumer = new EventConsumer(brokerPort, "smtp", "any");
             HaproxyServer haproxy = new HaproxyServer()) {
            // perdition-postgresql's map_library_opt: hosts:port:dbname:table:user:password
            popmapOption = "127.0.0.1:" + popmap.port() + ":" + popmap.name() + ":tblPerdition:" + popmap.name() + ":"
                    + RealDatabase.PASSWORD;
            Map<String, Integer> ports = new LinkedHashMap<>();
            List<String> servers = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                int port = FreePorts.one();
                ports.put("p" + n, port);
                servers.add(address(n) + ":" + port);
            }
            ports.forEach((name, port) -> proxies.put(name, startProxy(name, "blue", port)));
            int front = haproxy.balanced("pop3", servers);
            haproxy.start();

            Storm storm = new Storm(front);
            long stormFrom = System.nanoTime();
            storm.start();
            storm.awaitCompleted(60);

            // p2: a graceful restart beside the old process
            long restartFrom = System.nanoTime();
            ServerProcess oldP2 = proxies.get("p2");
            ServerProcess newP2 = startProxy("p2", "green", ports.get("p2"));
            oldP2.terminate();
            assertThat(oldP2.awaitExit(Duration.ofSeconds(60))).as("the old p2 drains and exits:\n"
                    + oldP2.outputTail()).isTrue();
            proxies.put("p2", newP2);
            stopped.add(oldP2);
            long restartTo = System.nanoTime();
            storm.awaitCompleted(storm.completed() + 60);

            // p3: killed, its clients go elsewhere; started again, its outbox delivers what it kept
            long killedAt = System.nanoTime();
            proxies.get("p3").kill();
            storm.awaitCompleted(storm.completed() + 60);
            proxies.put("p3", startProxy("p3", "blue", ports.get("p3")));
            storm.awaitCompleted(storm.completed() + 60);
            storm.stop();
            long stormTo = System.nanoTime();

            System.out.printf("topology: %d completed logins in %.1f s (%.0f/s, %d clients), %d client errors %s at %s ms"
                    + " after the kill; graceful restart (new process started, old drained and stopped) %.1f s%n",
                    storm.completed(), (stormTo - stormFrom) / 1e9, storm.completed() / ((stormTo - stormFrom) / 1e9),
                    CLIENTS, storm.errors.size(), storm.errors,
                    storm.errorsBetween(0, Long.MAX_VALUE).stream().map(t -> (t - killedAt) / 1_000_000).toList(),
                    (restartTo - restartFrom) / 1e9);
            assertThat(storm.errorsBetween(restartFrom, killedAt)).as("errors during the graceful restart").isEmpty();
            assertThat(storm.errorsBetween(0, restartFrom)).as("errors before anything was stopped").isEmpty();
            assertThat(storm.errorsBetween(killedAt + Duration.ofSeconds(5).toNanos(), Long.MAX_VALUE))
                    .as("errors long after the kill").isEmpty();

            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!everyLoginDelivered(storm, consumer) && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            for (String user : USERS) {
                int completed = storm.completed(user);
                assertThat(consumer.ok(user)).as("Auth events of %s (completed logins %d, errors %d)", user,
                        completed, storm.errors(user)).isBetween(completed, completed + storm.errors(user));
                assertThat(consumer.clients(user)).as("client addresses of %s", user)
                        .allMatch(client -> client.startsWith(CLIENT_ADDRESS + ":"));
            }
            assertThat(MAIL_A.log()).contains("user=<alice>").doesNotContain("user=<bob>");
            assertThat(MAIL_B.log()).contains("user=<bob>").doesNotContain("user=<alice>");
        } finally {
            broker.stop();
        }
    }

    private static boolean everyLoginDelivered(Storm storm, EventConsumer consumer) {
        return USERS.stream().allMatch(user -> consumer.ok(user) >= storm.completed(user));
    }

    private static String address(int n) {
        return "127.0.0.1" + n;
    }

    /** The one broker every proxy's outbox bridges to, as an external Artemis would be. */
    private EmbeddedActiveMQ broker(int port) throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("topology-broker");
        config.setPersistenceEnabled(true);
        config.setJournalDirectory(work.resolve("broker/journal").toString());
        config.setBindingsDirectory(work.resolve("broker/bindings").toString());
        config.setPagingDirectory(work.resolve("broker/paging").toString());
        config.setLargeMessagesDirectory(work.resolve("broker/large").toString());
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        // as docs/events.md asks of a broker of one's own: the topics exist, so every bridge delivers at once
        for (String topic : List.of("perdition.connect", "perdition.auth", "perdition.close")) {
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(topic).addRoutingType(RoutingType.MULTICAST));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        return broker;
    }

    /** One proxy process: its own loopback address, the shared popmap, state root and broker. */
    private ServerProcess startProxy(String name, String colour, int port) {
        String instance = "perdition.pop3-" + name + "-" + colour;
        int n = Integer.parseInt(name.substring(1));
        List<String> command = List.of(project.resolve("bin/perdition.pop3").toString(), "-f", "",
                "--bind_address", address(n), "--listen_port", String.valueOf(port),
                "--map_library", "/usr/lib/x86_64-linux-gnu/libperditiondb_postgresql.so.0",
                "--map_library_opt", popmapOption,
                "--log_facility", work.resolve(instance + ".log").toString());
        String options = "-Xmx256m -XX:+UseSerialGC -Dreuse_port=true -Ddrain_timeout=30 -Dinstance_name=" + instance
                + " -Dstate_directory=" + work.resolve("state") + " -Devents.broker_url=tcp://127.0.0.1:" + brokerPort
                + " -Dproxy_protocol=v2 -Dproxy_protocol_trusted_networks=127.0.0.0/8 -Derror_delay=0";
        Path log = work.resolve(instance + ".log");
        ServerProcess process = ServerProcess.start(instance, command, work, Map.of("PERDITION_JAVA_OPTS", options),
                work.resolve(instance + ".out"), START);
        long end = System.nanoTime() + START.toNanos();
        try {
            while (System.nanoTime() < end && !(Files.exists(log) && Files.readString(log).contains("listening on"))) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(instance + " exited:\n" + process.outputTail());
                }
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).as(instance + " log").contains("listening on " + address(n) + ":" + port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process;
    }

    /** Clients from 127.0.0.77 logging in and out through HAProxy, counting completed logins and errors per user. */
    private static final class Storm {
        private final int port;
        private final List<Thread> threads = new ArrayList<>();
        private final Map<String, AtomicInteger> completedByUser = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> errorsByUser = new ConcurrentHashMap<>();
        private final List<Long> errorTimes = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final AtomicInteger completed = new AtomicInteger();
        private volatile boolean running = true;

        Storm(int port) {
            this.port = port;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                String user = USERS.get(i % USERS.size());
                Thread t = new Thread(() -> loop(user), "storm-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void loop(String user) {
            String password = MAIL_A.users().get(user);
            while (running) {
                try {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress(InetAddress.getByName(CLIENT_ADDRESS), 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    try (LineClient client = new LineClient(socket).timeout(20_000)) {
                        expectOk(client.readLine(), "greeting");
                        expectOk(client.send("USER " + user).readLine(), "USER");
                        expectOk(client.send("PASS " + password).readLine(), "PASS");
                        expectOk(client.send("STAT").readLine(), "STAT");
                        // the session stays a moment, as a mail client's does, before it ends
                        Thread.sleep(100);
                        expectOk(client.send("QUIT").readLine(), "QUIT");
                    }
                    completed.incrementAndGet();
                    completedByUser.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    errorTimes.add(System.nanoTime());
                    errors.add(user + ": " + e.getMessage());
                    errorsByUser.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void expectOk(String line, String step) throws IOException {
            if (line == null || !line.startsWith("+OK")) {
                throw new IOException(step + ": " + line);
            }
        }

        int completed() {
            return completed.get();
        }

        int completed(String user) {
            AtomicInteger n = completedByUser.get(user);
            return n == null ? 0 : n.get();
        }

        int errors(String user) {
            AtomicInteger n = errorsByUser.get(user);
            return n == null ? 0 : n.get();
        }

        List<Long> errorsBetween(long from, long to) {
            return errorTimes.stream().filter(t -> t >= from && t < to).toList();
        }

        void awaitCompleted(int count) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (completed.get() < count && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(completed.get()).as("completed logins (errors: %s)", errors).isGreaterThanOrEqualTo(count);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
