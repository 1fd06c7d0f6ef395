package org.perditioncamel.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.events.SessionEvents;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.Scrape;
import org.perditioncamel.testing.TestEvents;

/**
 * The management port of the real application in front of GreenMail: Prometheus metrics scraped over HTTP after a
 * known number of logins, and /health following the listeners and the event stream.
 */
class ManagementPortTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    private static RunningProxy proxy(int management, String... more) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "management_port", Integer.toString(management)));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return RunningProxy.start(options);
    }

    private static String pop3Login(int port, String user, String password) throws Exception {
        try (LineClient c = new LineClient(port)) {
            c.readLine();
            c.send("USER " + user).readLine();
            String answer = c.send("PASS " + password).readLine();
            c.send("QUIT").readLine();
            return answer;
        }
    }

    @Test
    void scrapedCountsShouldEqualTheLoginsMade() throws Exception {
        int management = FreePorts.one();
        try (RunningProxy proxy = proxy(management)) {
            String backendLabel = "127.0.0.1:" + backend.getPop3().getPort();
            for (int i = 0; i < 5; i++) {
                assertThat(pop3Login(proxy.port(), "alice", "secret")).startsWith("+OK");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(pop3Login(proxy.port(), "alice", "wrong")).isEqualTo("-ERR failed: Re-Authentication Failure");
            }
            // each session ends (and is counted closed) a little after the client's QUIT
            await().atMost(WAIT).until(() -> Scrape.value(Scrape.metrics(management),
                    "perdition_sessions_open{protocol=\"pop3\"}") == 0.0);

            Map<String, Double> m = Scrape.metrics(management);
            assertThat(m.get("perdition_logins_total{outcome=\"ok\",protocol=\"pop3\",reason=\"none\"}")).isEqualTo(5.0);
            assertThat(m.get("perdition_logins_total{outcome=\"failed\",protocol=\"pop3\",reason=\"re_authentication_failure\"}"))
                    .isEqualTo(3.0);
            assertThat(m.get("perdition_login_duration_seconds_count{outcome=\"ok\",protocol=\"pop3\"}")).isEqualTo(5.0);
            assertThat(m.get("perdition_login_duration_seconds_count{outcome=\"failed\",protocol=\"pop3\"}")).isEqualTo(3.0);
            assertThat(m.get("perdition_login_duration_seconds_bucket{outcome=\"ok\",protocol=\"pop3\",le=\"+Inf\"}"))
                    .isEqualTo(5.0);
            assertThat(m.get("perdition_backend_connect_duration_seconds_count{backend=\"" + backendLabel + "\"}"))
                    .isEqualTo(8.0);
            assertThat(m.get("perdition_backend_login_duration_seconds_count{backend=\"" + backendLabel
                    + "\",outcome=\"ok\"}")).isEqualTo(5.0);
            assertThat(m.get("perdition_backend_login_duration_seconds_count{backend=\"" + backendLabel
                    + "\",outcome=\"failed\"}")).isEqualTo(3.0);
            assertThat(m.get("perdition_sessions_open{protocol=\"pop3\"}")).isEqualTo(0.0);
            // after login the client sent QUIT (6 bytes) through the relay in each of the five sessions
            assertThat(m.get("perdition_relayed_bytes_total{direction=\"client_to_server\"}")).isEqualTo(30.0);
            assertThat(m.get("perdition_relayed_bytes_total{direction=\"server_to_client\"}")).isGreaterThan(0.0);
            // the outbox's bridge reaches the hub on its own threads, some time after the start on a loaded machine
            await().atMost(WAIT).until(() -> Scrape.value(Scrape.metrics(management),
                    "perdition_events_broker_reachable") == 1.0);
            assertThat(m).containsKey("perdition_events_outbox_backlog").containsKey("process_uptime_seconds");

            HttpResponse<String> health = Scrape.get(management, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"problems\":[]}\n");
            assertThat(Scrape.get(management, "/health/live").statusCode()).isEqualTo(200);
            assertThat(Scrape.get(management, "/metrics").headers().firstValue("content-type"))
                    .contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(Scrape.get(management, "/other").statusCode()).isEqualTo(404);

            // a listener that stops accepting makes the proxy unready, and says which
            proxy.main().getCamelContext().getRouteController().stopRoute("pop3-listener");
            HttpResponse<String> unready = Scrape.get(management, "/health");
            assertThat(unready.statusCode()).isEqualTo(503);
            assertThat(unready.body()).isEqualTo("{\"status\":\"DOWN\",\"problems\":[\"listener pop3-listener not bound\"]}\n");
            assertThat(Scrape.get(management, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void healthShouldTurnUnreadyWhenTheBrokerAndTheOutboxBothRefuse() throws Exception {
        int management = FreePorts.one();
        // events.broker_url names a port nobody listens on: the outbox keeps the events, up to a small bound
        try (RunningProxy proxy = proxy(management, "events.broker_url", "tcp://127.0.0.1:" + FreePorts.one(),
                "events.outbox_max_bytes", "200000")) {
            // the broker is unreachable but the outbox still keeps events: ready
            HttpResponse<String> ready = Scrape.get(management, "/health");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(Scrape.value(Scrape.metrics(management), "perdition_events_broker_reachable")).isEqualTo(0.0);

            SessionEvents events = proxy.main().getCamelContext().getRegistry()
                    .lookupByNameAndType("sessionEvents", SessionEvents.class);
            for (int i = 0; i < 3000; i++) {
                events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
            }
            await().atMost(WAIT).until(() -> Scrape.get(management, "/health").statusCode() == 503);
            assertThat(Scrape.get(management, "/health").body()).isEqualTo("{\"status\":\"DOWN\",\"problems\":"
                    + "[\"events: broker unreachable and outbox full (events.outbox_max_bytes)\"]}\n");
            assertThat(Scrape.value(Scrape.metrics(management), "perdition_events_outbox_accepting")).isEqualTo(0.0);
            assertThat(Scrape.value(Scrape.metrics(management), "perdition_events_outbox_backlog")).isGreaterThan(0.0);
            // still alive: a restart would not help, the operator must look at the broker
            assertThat(Scrape.get(management, "/health/live").statusCode()).isEqualTo(200);
            // and still serving logins: the Auth lines are written, only the events wait
            assertThat(pop3Login(proxy.port(), "alice", "secret")).startsWith("+OK");
        }
    }

    @Test
    void aDrainingProxyShouldBeUnreadyButAlive() throws Exception {
        int management = FreePorts.one();
        RunningProxy proxy = proxy(management, "drain_timeout", "30");
        Thread stopping = new Thread(proxy::close, "test-sigterm");
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).startsWith("+OK");

            stopping.start();
            await().atMost(WAIT).until(() -> Scrape.get(management, "/health").statusCode() == 503);
            assertThat(Scrape.get(management, "/health").body()).contains("proxy stopping");
            assertThat(Scrape.get(management, "/health/live").statusCode()).isEqualTo(200);
            // the logged-in session goes on during the drain
            assertThat(c.send("STAT").readLine()).startsWith("+OK");
            c.send("QUIT").readLine();
        } finally {
            if (!stopping.isAlive() && stopping.getState() == Thread.State.NEW) {
                proxy.close();
            }
            stopping.join(WAIT.toMillis());
        }
        assertThat(stopping.isAlive()).as("the proxy stops once the session has quit").isFalse();
    }

    @Test
    void aManagementPortInUseShouldStopTheStartWithItsAddress() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> proxy(taken.getLocalPort()).close())
                    .hasStackTraceContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (management_port)");
        }
    }

    @Test
    void popmapLookupsShouldBeTimedAndTheirFailuresCountedPerSource() throws Exception {
        int management = FreePorts.one();
        java.nio.file.Path popmap = java.nio.file.Files.createTempFile("popmap-", "");
        java.nio.file.Files.writeString(popmap, "alice:127.0.0.1:" + backend.getPop3().getPort() + "\n");
        try (RunningProxy proxy = proxy(management, "map_library", "flatfile", "map_library_opt", popmap.toString(),
                "outgoing_server", "127.0.0.1:" + FreePorts.one())) {
            assertThat(pop3Login(proxy.port(), "alice", "secret")).startsWith("+OK");
            assertThat(pop3Login(proxy.port(), "alice", "secret")).startsWith("+OK");
            java.nio.file.Files.delete(popmap);
            await().atMost(WAIT).until(() -> pop3Login(proxy.port(), "alice", "secret").startsWith("-ERR [SYS/TEMP]"));

            Map<String, Double> m = Scrape.metrics(management);
            double lookups = m.get("perdition_popmap_lookup_duration_seconds_count{source=\"flatfile\"}");
            double errors = m.get("perdition_popmap_lookup_errors_total{source=\"flatfile\"}");
            double temporary = m.get("perdition_logins_total{outcome=\"failed\",protocol=\"pop3\",reason=\"popmap_unavailable\"}");
            assertThat(errors).isGreaterThanOrEqualTo(1.0).isEqualTo(temporary);
            // until the watcher sees the file gone, logins still find alice: one lookup per login either way
            double ok = m.get("perdition_logins_total{outcome=\"ok\",protocol=\"pop3\",reason=\"none\"}");
            assertThat(ok).isGreaterThanOrEqualTo(2.0);
            assertThat(lookups).isEqualTo(ok + errors);
        } finally {
            java.nio.file.Files.deleteIfExists(popmap);
        }
    }
}
