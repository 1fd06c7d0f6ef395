package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.events.EventOutbox;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * A login storm: thousands of POP3 logins in a few seconds through one proxy, and a durable consumer on the hub
 * that must count one Auth event per login. Prints the login rate and how long the outbox took to drain after it.
 */
class EventsLoginStormIT {
    private static final int LOGINS = 4000;
    private static final int CLIENTS = 64;

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("storm", "storm-pw"));

    @Test
    void everyLoginOfAStormShouldReachTheConsumer() throws Exception {
        int hub = FreePorts.one();
        try (RunningProxy proxy = RunningProxy.start(Map.of(
                "outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "events.broker_port", String.valueOf(hub),
                "connection_limit", "0"));
             EventConsumer consumer = new EventConsumer(hub, null, null)) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<Boolean>> logins = new ArrayList<>();
            for (int i = 0; i < LOGINS; i++) {
                logins.add(clients.submit(() -> EventLogins.login("pop3", proxy.port(), "storm", "storm-pw")));
            }
            int ok = 0;
            for (Future<Boolean> login : logins) {
                ok += login.get() ? 1 : 0;
            }
            long stormEnd = System.nanoTime();
            clients.shutdown();
            // GreenMail, under 64 clients at once, now and then drops a connection during its login (once in a
            // clean-clone CI run: "backend ... during login: null", a failed Auth): the proxy's answer to that is
            // tested elsewhere; here every login that succeeded must have its Auth event at the consumer
            assertThat(ok).as("logins that succeeded").isGreaterThanOrEqualTo(LOGINS - LOGINS / 1000);
            int succeeded = ok;

            long end = System.nanoTime() + 120_000_000_000L;
            while (consumer.ok("storm") < succeeded && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            long drained = System.nanoTime();
            EventOutbox outbox = proxy.main().getCamelContext().getRegistry()
                    .lookupByNameAndType("eventOutbox", EventOutbox.class);
            System.out.printf("%d logins in %.1f s (%.0f/s); every Auth event at the consumer %.2f s after the"
                    + " last login; outbox backlog now %d, %d events delivered%n", LOGINS, (stormEnd - start) / 1e9,
                    LOGINS / ((stormEnd - start) / 1e9), (drained - stormEnd) / 1e9, outbox.backlog(), outbox.delivered());
            assertThat(consumer.ok("storm")).isEqualTo(succeeded);
            assertThat(consumer.duplicates()).isZero();
        }
    }
}
