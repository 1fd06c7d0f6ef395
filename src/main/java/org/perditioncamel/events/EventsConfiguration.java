package org.perditioncamel.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.Settings;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.LogSettings;

/** Binds the session-event beans (log, outbox, broker, JMS) that events.camel.yaml uses. */
@Configuration
public class EventsConfiguration implements CamelConfiguration {
    public static final String DEFAULTS = "events-defaults.properties";

    @Override
    public void configure(CamelContext context) throws Exception {
        addDefaults(context.getPropertiesComponent());
        EventsSettings settings = new EventsSettings(Settings.of(context));

        PerditionLog log = PerditionLog.open(LogSettings.from(Settings.of(context)));
        // services stop in reverse order of adding: JMS first, then the broker, the log last
        context.addService(closing(log::close), true, true);
        context.getRegistry().bind("perditionLog", log);

        String brokerUrl = EmbeddedBroker.IN_VM_URL;
        if (settings.embeddedBroker()) {
            EmbeddedBroker broker = new EmbeddedBroker(settings.dataDir(), settings.brokerHost(), settings.brokerPort());
            ServiceHelper.startService(broker);   // before the routes: events-deliver sends to it from the start
            context.addService(broker, true, false);
            context.getRegistry().bind("eventsBroker", broker);
        } else {
            brokerUrl = settings.brokerUrl();
        }

        ConnectionFactory artemis = EventsConnectionFactory.artemis(brokerUrl);
        CachingConnectionFactory jms = EventsConnectionFactory.caching(artemis);
        context.addService(closing(jms::destroy), true, true);
        context.getRegistry().bind("artemisConnectionFactory", artemis);
        context.getRegistry().bind("eventsConnectionFactory", jms);
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(jms);

        context.getRegistry().bind("eventDocument", new EventDocument());
        context.getRegistry().bind("eventOutbox",
                new EventOutbox(settings.spoolDir(), settings.spoolMaxBytes(), log));
        context.getRegistry().bind("sessionEvents", new SessionEvents(context, settings.queueSize(), log));
    }

    /**
     * Our keys resolve even when application.properties lacks them: initial properties are consulted last,
     * so every location and override still wins.
     */
    static void addDefaults(PropertiesComponent properties) {
        Properties defaults = new Properties();
        try (InputStream in = EventsConfiguration.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the class path");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : defaults.stringPropertyNames()) {
            if (properties.resolveProperty(key).isEmpty()) {
                properties.addInitialProperty(key, defaults.getProperty(key));
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
