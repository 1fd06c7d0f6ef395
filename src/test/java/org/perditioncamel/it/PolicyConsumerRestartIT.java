package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.perditioncamel.events.SessionEvents;
import org.perditioncamel.policy.PolicyMain;
import org.perditioncamel.policy.RelayGrants;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * The standalone consumer (bin/perdition-policy's PolicyMain) on the proxy's hub: Auth events from N distinct
 * clients go through the real pipeline (outbox, bridge, hub, durable subscription) while the consumer is stopped
 * half way and started again. Every one of the N clients must be granted at the end: those before the stop from
 * the journal, those published while it was down from the durable subscription.
 */
class PolicyConsumerRestartIT {
    private static final int EVENTS = 20_000;

    @Test
    void aConsumerRestartInTheMiddleOfAStreamLosesNoEvent() throws Exception {
        Path state = Files.createTempDirectory("policy-restart-");
        try (RunningProxy proxy = RunningProxy.start(Map.of())) {
            String hub = "tcp://127.0.0.1:" + proxy.main().getCamelContext().resolvePropertyPlaceholders("{{events.broker_port}}");
            SessionEvents events = proxy.main().getCamelContext().getRegistry()
                    .lookupByNameAndType("sessionEvents", SessionEvents.class);
            Map<String, String> options = Map.of("state_directory", state.toString(), "policy.broker_url", hub,
                    "policy.subscription", "restart-it", "policy.listen_port", String.valueOf(FreePorts.one()));

            Main consumer = startConsumer(options);
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS / 2; i++) {
                events.publish(auth(i));
            }
            awaitGranted(consumer, 0, EVENTS / 4);
            RelayGrants first = grants(consumer);
            long stopping = System.nanoTime();
            consumer.stop();
            double stopSeconds = (System.nanoTime() - stopping) / 1e9;
            int beforeStop = first.size();
            for (int i = EVENTS / 2; i < EVENTS; i++) {
                events.publish(auth(i));
            }
            long restarting = System.nanoTime();
            consumer = startConsumer(options);
            double restartSeconds = (System.nanoTime() - restarting) / 1e9;
            int fromJournal = grants(consumer).size();
            // the listener may finish (journal, acknowledge) a message or two after size() was read
            assertThat(fromJournal).as("grants kept through the restart").isGreaterThanOrEqualTo(beforeStop);
            long draining = System.nanoTime();
            awaitGranted(consumer, 0, EVENTS);
            double drainSeconds = (System.nanoTime() - draining) / 1e9;
            try {
                assertThat(grants(consumer).size()).isEqualTo(EVENTS);
                System.out.printf("policy consumer: %d Auth events, stopped after %d (stop %.2f s, start again %.2f s);"
                                + " %d events waiting in the durable subscription consumed in %.2f s (%.0f events/s);"
                                + " %.1f s in all%n", EVENTS, beforeStop, stopSeconds, restartSeconds,
                        EVENTS - beforeStop, drainSeconds, (EVENTS - beforeStop) / drainSeconds,
                        (System.nanoTime() - start) / 1e9);
            } finally {
                consumer.stop();
            }
        }
    }

    private static Main startConsumer(Map<String, String> options) throws Exception {
        Main consumer = PolicyMain.newMain(options);
        consumer.start();
        PopBeforeSmtpPostfixIT.awaitSubscribed(consumer.getCamelContext(), "policy-auth-events");
        return consumer;
    }

    private static RelayGrants grants(Main consumer) {
        return consumer.getCamelContext().getRegistry().lookupByNameAndType("relayGrants", RelayGrants.class);
    }

    /** Waits until clients from..to-1 are all granted (bounded). */
    private static void awaitGranted(Main consumer, int from, int to) throws Exception {
        RelayGrants grants = grants(consumer);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int next = from;
        while (next < to && System.nanoTime() < end) {
            if (grants.granted(address(next), System.currentTimeMillis())) {
                next++;
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(next).as("clients granted in order").isEqualTo(to);
    }

    private static SessionEvent auth(int i) throws Exception {
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName(address(i)), 40000);
        return new SessionEvent(SessionEvent.Type.AUTH, Instant.now(), "s" + i, Protocol.POP3, client,
                new InetSocketAddress("127.0.0.1", 110), "plaintext", null, "user" + i, "127.0.0.1:110",
                "plaintext", "ok", 0, 0, Optional.empty());
    }

    private static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }
}
