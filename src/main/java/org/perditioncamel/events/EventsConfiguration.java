package org.perditioncamel.events;


import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.RouteConditions;
import org.perditioncamel.config.Settings;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.LogSettings;
import org.perditioncamel.metrics.ProxyMetrics;
import org.perditioncamel.session.SessionEvent;

/**
 * Binds the session-event beans that events.camel.yaml uses: the perdition log, this instance's state directory,
 * the hub (standby or live) unless events.broker_url names a broker, the outbox broker bridging there, and the
 * producer into the outbox.
 */
@Configuration
public class EventsConfiguration implements CamelConfiguration {
    /** How long the listeners (and a stop) wait for the outbox broker: its journal is on local disk. */
    public static final Duration START_LIMIT = Duration.ofSeconds(60);
    /** How long an inetd_mode process waits at its end for its events to reach the hub. */
    static final Duration INETD_DELIVERY_LIMIT = Duration.ofSeconds(5);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings all = Settings.of(context);
        EventsSettings settings = new EventsSettings(all);
        // events.camel.yaml reads {{events.queue_size}}; an initial property is consulted last, so a configured
        // value still wins and the default stays written once, in LogSettings
        context.getPropertiesComponent().addInitialProperty(EventsSettings.QUEUE_SIZE_KEY,
                Integer.toString(settings.queueSize()));

        PerditionLog log = PerditionLog.open(LogSettings.from(all));
        // services stop in reverse order of adding: the outbox producer, the outbox broker, the hub, the lock, the log
        context.addService(closing(log::close), true, true);
        context.getRegistry().bind("perditionLog", log);

        warnAboutRemovedKeys(all, log);
        String instance = StateDirectory.instanceName(all, System.getProperty("perdition.invoked_as", "perdition"));
        StateDirectory state = all.flag("inetd_mode")
                ? StateDirectory.openInetdSlot(StateDirectory.root(all), instance)
                : StateDirectory.open(StateDirectory.root(all), instance);
        context.addService(closing(state::close), true, true);
        context.getRegistry().bind("stateDirectory", state);

        LinkedHashSet<String> allTopics = new LinkedHashSet<>(
                List.of(settings.topicConnect(), settings.topicAuth(), settings.topicClose()));
        allTopics.addAll(settings.topicsExtra());
        List<String> topics = List.copyOf(allTopics);
        EmbeddedBroker.BridgeTarget target;
        String targetName;
        HubBroker hub = null;
        if (settings.embeddedBroker()) {
            String secret = state.bridgeSecret();
            EventsSecurity security = new EventsSecurity(secret, settings.consumerUser(),
                    settings.consumerPassword(), settings.anonymousLoopback());
            HubIdentity identity = HubIdentity.open(state.root(), secret);
            hub = new HubBroker(state.hubDir(), settings.brokerHost(), settings.brokerPort(), settings.bridgePort(),
                    identity, topics, security, settings.subscriptionTimeoutSeconds() * 1000, log);
            startNow(context, hub, "eventsHub");
            target = new EmbeddedBroker.BridgeTarget(List.of(hub.bridgeUrl()), EventsSecurity.BRIDGE_USER, secret);
            targetName = "the hub " + hub.bridgeAddress();
        } else {
            target = new EmbeddedBroker.BridgeTarget(brokerUrls(settings.brokerUrl()),
                    settings.bridgeUser().orElse(null), settings.bridgePassword().orElse(null));
            targetName = settings.brokerUrl();
        }
        Path outboxDir = settings.dataDir().orElse(state.instanceDir().resolve("outbox"));
        if (settings.dataDir().isPresent()) {
            context.addService(closing(StateDirectory.lockOwn(outboxDir, "events.data_dir")), true, true);
        }
        EmbeddedBroker broker = new EmbeddedBroker(state.instance(), outboxDir, topics, target, settings.outboxMaxBytes());
        EventDocument document = new EventDocument();
        context.getRegistry().bind("eventDocument", document);
        EventOutbox outbox = new EventOutbox(broker, document, settings, targetName, hub, log);
        OutboxStart start = OutboxStart.begin(broker, outbox);
        // not handed to Camel to start (it would start them again, on this thread); stopped here: the producer first,
        // then the broker, and during a start only once it has ended
        boolean inetd = all.flag("inetd_mode");
        context.addService(closing(() -> {
            if (inetd) {
                // one process per session: its events leave with it where the hub can take them, or they wait in this
                // outbox slot until a later process uses the slot (the last Close of a quiet hour might wait that hour)
                outbox.awaitDelivered(INETD_DELIVERY_LIMIT);
            }
            start.stop(START_LIMIT);
        }), true, true);
        context.getRegistry().bind("eventsBroker", broker);
        context.getRegistry().bind("eventOutbox", outbox);
        context.getRegistry().bind(OutboxStart.BEAN, start);
        // events-publish's two steps as typed calls (RouteConditions): no bean reflection per event
        // the line waits for the queue to be empty (LingeringQueue flushes): a burst of events is one write(2)
        RouteConditions.processor(context, "perditionLog.event",
                e -> log.eventHeld(e.getMessage().getBody(SessionEvent.class)));
        RouteConditions.processor(context, "eventOutbox.publish",
                e -> e.getMessage().setBody(outbox.publish(e.getMessage().getBody(SessionEvent.class))));

        SessionEvents sessionEvents = new SessionEvents(context, settings.queueSize(), settings.lingerMillis(), log);
        context.getRegistry().bind("sessionEvents", sessionEvents);
        EventMeters.register(ProxyMetrics.of(context).registry(), outbox, sessionEvents);
    }

    /** Started before the routes (the hub's stand-by thread begins at once), stopped with the context. */
    private static void startNow(CamelContext context, ServiceSupport service, String name) throws Exception {
        ServiceHelper.startService(service);
        context.addService(service, true, false);
        context.getRegistry().bind(name, service);
    }

    /**
     * "tcp://mq1:61616" or "(tcp://mq1:61616,tcp://mq2:61616)?ha=true": the bridges get one connector per URL,
     * each with the shared options.
     */
    static List<String> brokerUrls(String url) {
        String list = url;
        String options = "";
        if (url.startsWith("(") && url.contains(")")) {
            list = url.substring(1, url.indexOf(')'));
            options = url.substring(url.indexOf(')') + 1);
        }
        List<String> urls = new ArrayList<>();
        for (String one : list.split(",")) {
            if (!one.isBlank()) {
                String trimmed = one.trim();
                urls.add(options.isEmpty() ? trimmed
                        : trimmed + (trimmed.contains("?") ? "&" + options.substring(1) : options));
            }
        }
        return urls;
    }

    /** The file outbox is gone; its keys would otherwise be ignored without a word. */
    private static void warnAboutRemovedKeys(Settings settings, PerditionLog log) {
        for (String key : List.of("events.spool_dir", "events.spool_max_bytes")) {
            if (settings.nonEmpty(key).isPresent()) {
                log.notice(key + " is no longer used: the outbox is the embedded broker's journal under"
                        + " state_directory (events.outbox_max_bytes bounds it); see docs/events.md");
            }
        }
    }

    private static ServiceSupport closing(Runnable close) {
        return new ServiceSupport() {
            @Override
            protected void doStop() {
                close.run();
            }
        };
    }
}
