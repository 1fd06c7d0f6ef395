package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class LingeringQueueTest {
    private final DefaultCamelContext context = new DefaultCamelContext();

    private Exchange event(String name) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(name);
        return e;
    }

    @Test
    void aConsumerWokenByAnEventShouldWaitForTheRestOfItsBurstThenTakeItAllInOrder() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(300).create(10);
        AtomicReference<Long> tookAt = new AtomicReference<>();
        CompletableFuture<Exchange> first = CompletableFuture.supplyAsync(() -> {
            try {
                Exchange e = queue.poll(10, TimeUnit.SECONDS);
                tookAt.set(System.nanoTime());
                return e;
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        Thread.sleep(100);   // the consumer is waiting
        long offeredAt = System.nanoTime();
        queue.offer(event("connect"));
        queue.offer(event("auth"));
        queue.offer(event("close"));

        assertThat(first.get(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("connect");
        assertThat(TimeUnit.NANOSECONDS.toMillis(tookAt.get() - offeredAt)).isGreaterThanOrEqualTo(300);
        // the rest of the burst is queued: taken without another wait
        long before = System.nanoTime();
        assertThat(queue.poll(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("auth");
        assertThat(queue.poll(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("close");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(300);
    }

    @Test
    void anEventAlreadyQueuedShouldBeTakenWithoutWaiting() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(5_000).create(10);
        queue.offer(event("connect"));

        long before = System.nanoTime();
        assertThat(queue.poll(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("connect");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(2_000);
    }

    @Test
    void noEventShouldMeanNoLingerAfterThePollTimeout() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(5_000).create(10);

        long before = System.nanoTime();
        assertThat(queue.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(2_000);
    }

    @Test
    void aStopThatInterruptsTheLingerShouldStillGetTheEvent() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(60_000).create(10);
        AtomicReference<Thread> consumer = new AtomicReference<>();
        CompletableFuture<Exchange> taken = CompletableFuture.supplyAsync(() -> {
            consumer.set(Thread.currentThread());
            try {
                return queue.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        Thread.sleep(100);
        queue.offer(event("close"));
        Thread.sleep(100);   // now lingering
        consumer.get().interrupt();

        assertThat(taken.get(5, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("close");
    }

    @Test
    void theQueueShouldKeepTheSedaBound() {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(10).create(2);

        assertThat(queue.offer(event("a"))).isTrue();
        assertThat(queue.offer(event("b"))).isTrue();
        assertThat(queue.offer(event("c"))).isFalse();
    }

    @Test
    void eventsLingerShouldDefaultToTenMillisecondsAndRefuseWhatIsOutOfRange() {
        assertThat(new EventsSettings(Settings.of(Map.of())).lingerMillis()).isEqualTo(10);
        assertThat(new EventsSettings(Settings.of(Map.of("events.linger", "0"))).lingerMillis()).isZero();
        assertThatThrownBy(() -> new EventsSettings(Settings.of(Map.of("events.linger", "-1"))).lingerMillis())
                .hasMessage("events.linger must be between 0 and 1000 milliseconds: -1");
        assertThatThrownBy(() -> new EventsSettings(Settings.of(Map.of("events.linger", "5000"))).lingerMillis())
                .hasMessageContaining("between 0 and 1000");
    }
}
