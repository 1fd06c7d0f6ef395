package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.config.Settings;
import org.perditioncamel.log.PerditionLog;

/** The way the application boots: Camel Main, the configuration class, and only the keys an operator sets. */
class EventsConfigurationTest {

    @Test
    void camelMainShouldStartTheEventRoutesWithDefaultsForUnsetKeys(@TempDir Path dir) throws Exception {
        Path operatorProperties = dir.resolve("application.properties");
        Files.writeString(operatorProperties, "events.topic.auth = smtp.auth\n"
                + "state_directory = " + dir.resolve("state") + "\n"
                + "events.broker_port = " + org.perditioncamel.testing.FreePorts.one() + "\n"
                + "events.bridge_port = " + org.perditioncamel.testing.FreePorts.one() + "\n"
                + "log_facility = " + dir.resolve("perdition.log") + "\n");
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + operatorProperties);
        main.configure().addConfiguration(EventsConfiguration.class);
        main.configure().withRoutesIncludePattern("classpath:routes/events.camel.yaml");
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            assertThat(context.getRouteController().getRouteStatus("events-publish")).isEqualTo(ServiceStatus.Started);
            EventsSettings settings = new EventsSettings(Settings.of(context));
            assertThat(settings.topicAuth()).isEqualTo("smtp.auth");
            assertThat(settings.topicClose()).isEqualTo("perdition.close");
            assertThat(context.getPropertiesComponent().resolveProperty("events.queue_size")).contains("50000");
            assertThat(context.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class)).isNotNull();
            assertThat(context.getRegistry().lookupByNameAndType("eventOutbox", EventOutbox.class)).isNotNull();
            assertThat(context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).awaitLive(20_000)).isTrue();
        } finally {
            main.stop();
        }
        // no invoked name in a test JVM: "perdition" plus the protocol, as for perdition -P POP3
        assertThat(dir.resolve("state/perdition.pop3/outbox/journal")).isDirectory();
        assertThat(dir.resolve("state/hub/journal")).isDirectory();
    }

    @Test
    void settingsShouldDefaultInCodeWhenNothingIsConfigured() {
        EventsSettings settings = new EventsSettings(Settings.of(java.util.Map.of()));

        assertThat(settings.embeddedBroker()).isTrue();
        assertThat(settings.brokerHost()).isEqualTo("127.0.0.1");
        assertThat(settings.brokerPort()).isEqualTo(61616);
        assertThat(settings.dataDir()).isEmpty();
        assertThat(settings.outboxMaxBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(settings.consumerPassword()).isEmpty();
        assertThat(settings.anonymousLoopback()).isTrue();
        assertThat(settings.topicConnect()).isEqualTo("perdition.connect");
        assertThat(settings.topicAuth()).isEqualTo("perdition.auth");
        assertThat(settings.topicClose()).isEqualTo("perdition.close");
    }

    @Test
    void anEmptyOrEmbeddedBrokerUrlShouldMeanTheEmbeddedBroker() {
        assertThat(new EventsSettings(Settings.of(java.util.Map.of("events.broker_url", ""))).embeddedBroker()).isTrue();
        assertThat(new EventsSettings(Settings.of(java.util.Map.of("events.broker_url", "Embedded"))).embeddedBroker())
                .isTrue();
        assertThat(new EventsSettings(Settings.of(java.util.Map.of("events.broker_url", "tcp://mq1:61616")))
                .embeddedBroker()).isFalse();
    }
}
