package org.perditioncamel.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.TestEvents;

/**
 * Prints how fast events go into the outbox broker and out through the bridge to the hub, with one durable
 * subscriber on the hub (so the hub journals every event, as with a real SMTP-side consumer). Not a test: run it
 * with {@code java -cp target/test-classes:target/classes:target/lib/* org.perditioncamel.events.EventsThroughputBenchmark [events]}.
 * With {@code [events] paced [per-second]} the events are offered at that rate, as a login storm does, and the
 * process's CPU per event is printed (the JMS consumer in this JVM included): the figure to compare event
 * pipelines by (issue 16).
 */
public final class EventsThroughputBenchmark {
    private EventsThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long jvmStart = System.nanoTime();
        Path dir = Files.createTempDirectory("events-benchmark-");
        int port = FreePorts.one();
        Properties override = new Properties();
        override.put("state_directory", dir.resolve("state").toString());
        override.put("instance_name", "benchmark");
        override.put("events.broker_port", String.valueOf(port));
        override.put("events.bridge_port", String.valueOf(org.perditioncamel.testing.FreePorts.one()));
        override.put("events.queue_size", String.valueOf(events));
        override.put("log_facility", dir.resolve("perdition.log").toString());
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(override);
        new EventsConfiguration().configure(context);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/events.camel.yaml"));
        context.start();
        // the hub comes up in the background: a consumer connecting before it would be refused
        context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).awaitLive(30_000);
        System.out.printf("brokers and routes started in %.2f s%n", (System.nanoTime() - jvmStart) / 1e9);
        SessionEvents publisher = context.getRegistry().lookupByNameAndType("sessionEvents", SessionEvents.class);
        EventOutbox outbox = context.getRegistry().lookupByNameAndType("eventOutbox", EventOutbox.class);

        AtomicLong received = new AtomicLong();
        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port).createConnection()) {
            connection.setClientID("benchmark");
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            consumer.setMessageListener(m -> received.incrementAndGet());
            connection.start();

            boolean hubDown = args.length > 1 && args[1].equals("hub-down");
            long pacedNanos = args.length > 2 && args[1].equals("paced") ? 1_000_000_000L / Long.parseLong(args[2]) : 0;
            if (pacedNanos > 0) {
                // the JIT and the brokers warm up on a tenth of the events, then the measured rest at the rate
                int warm = events / 10;
                for (int i = 0; i < warm; i++) {
                    publisher.publish(TestEvents.auth("w" + i, "user" + i, "ok", null));
                    java.util.concurrent.locks.LockSupport.parkNanos(pacedNanos);
                }
                while (received.get() < warm) {
                    Thread.sleep(5);
                }
                received.set(0);
                PacedCpu.measure(events - warm, pacedNanos, received,
                        i -> publisher.publish(TestEvents.auth("s" + i, "user" + i, "ok", null)));
                context.stop();
                // the JMS client's thread pools are not daemons
                System.exit(0);
            }
            if (hubDown) {
                context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).stop();
            }
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                publisher.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
            }
            long offered = System.nanoTime();
            long inAt = 0;
            long outAt = 0;
            while ((hubDown ? inAt == 0 : received.get() < events) && System.nanoTime() - start < 300_000_000_000L) {
                long now = System.nanoTime();
                if (inAt == 0 && outbox.delivered() + outbox.backlog() >= events) {
                    inAt = now;
                }
                if (outAt == 0 && outbox.delivered() >= events) {
                    outAt = now;
                }
                Thread.sleep(5);
            }
            long done = System.nanoTime();
            inAt = inAt == 0 ? done : inAt;
            System.out.printf("%d events; offered in %.2f s%n", events, (offered - start) / 1e9);
            System.out.printf("into the outbox broker: %.0f events/s%n", events / ((inAt - start) / 1e9));
            System.out.printf("through the bridge to the hub: %.0f events/s%n", events / (((outAt == 0 ? done : outAt) - start) / 1e9));
            System.out.printf("at the consumer: %d events, %.0f events/s%n", received.get(), received.get() / ((done - start) / 1e9));
            System.out.printf("refused: %d, dropped: %d%n", outbox.rejected(), publisher.dropped());
            if (hubDown) {
                // the backlog of an outage (or a storm) drains through the bridge alone
                long restart = System.nanoTime();
                context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).start();
                while (outbox.backlog() > 0 && System.nanoTime() - restart < 300_000_000_000L) {
                    Thread.sleep(5);
                }
                System.out.printf("backlog of %d drained %.2f s after the hub came back: %.0f events/s%n", events,
                        (System.nanoTime() - restart) / 1e9, events / ((System.nanoTime() - restart) / 1e9));
            }
        } finally {
            long stopping = System.nanoTime();
            context.stop();
            System.out.printf("stopped in %.2f s%n", (System.nanoTime() - stopping) / 1e9);
        }
        // the JMS client's thread pools are not daemons and would keep the JVM for another minute
        System.exit(0);
    }
}
