package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.perditioncamel.session.SessionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.Severity;
import org.perditioncamel.log.LogPasswd;
import org.perditioncamel.testing.RecordingSink;
import org.perditioncamel.testing.TestEvents;

class SessionEventsTest {
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final RecordingSink sink = new RecordingSink();
    private final PerditionLog log = new PerditionLog(sink, false, false, LogPasswd.NEVER);

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void publishShouldDropCountAndStillLogWhenTheQueueIsFull() {
        context.start();
        SessionEvents events = new SessionEvents(context, 2, 0, log);

        events.publish(TestEvents.connect("s1"));
        events.publish(TestEvents.connect("s2"));
        events.publish(TestEvents.auth("s3", "alice", "ok", null));

        assertThat(events.dropped()).isEqualTo(1);
        // written by the log thread, not the caller (which may be a Netty event loop)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> sink.lines.size() == 2);
        assertThat(sink.lines).extracting(RecordingSink.Line::severity).containsExactly(Severity.NOTICE, Severity.ERR);
        assertThat(sink.messages().get(0)).startsWith("Auth: ");
        assertThat(sink.messages().get(1)).contains("auth event of session s3").contains("1 events dropped so far");
    }

    @Test
    void publishShouldNeverThrowEvenWhenCamelIsStopped() {
        SessionEvents events = new SessionEvents(context, 10, 0, log);
        context.start();
        context.stop();

        assertThatCode(() -> events.publish(TestEvents.closeNull("s1"))).doesNotThrowAnyException();
        assertThatCode(() -> events.publish(null)).doesNotThrowAnyException();
        // dropped, counted and its log line still written: a queue nobody takes it from would lose it without a word
        assertThat(events.dropped()).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> sink.messages().stream().anyMatch(m -> m.startsWith("Closing NULL session")));
    }

    @Test
    void anEventOfADrainingSessionShouldReachTheRouteWhileCamelStops() throws Exception {
        List<Object> taken = new CopyOnWriteArrayList<>();
        SessionEvents events = new SessionEvents(context, 10, 0, log);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(SessionEvents.endpointUri(10)).routeId("events-publish").process(e -> taken.add(e.getMessage().getBody()));
            }
        });
        // as listener.Drain does: sessions go on, and publish, after Camel has begun to stop and before any route stops
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                events.publish(TestEvents.auth("draining", "alice", "ok", null));
            }
        });
        context.start();
        context.stop();

        assertThat(events.dropped()).isZero();
        assertThat(taken).singleElement().extracting(e -> ((SessionEvent) e).sessionId()).isEqualTo("draining");
    }
}
