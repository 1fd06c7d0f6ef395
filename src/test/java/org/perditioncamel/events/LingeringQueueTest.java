package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void anEventThatFindsTheConsumerWaitingShouldBeTakenAtOnce() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(5_000, () -> { }).create(10);
        CompletableFuture<Exchange> first = takeInBackground(queue);
        Thread.sleep(100);   // the consumer is waiting

        long offeredAt = System.nanoTime();
        queue.offer(event("connect"));

        assertThat(first.get(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("connect");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - offeredAt)).isLessThan(2_000);
    }

    @Test
    void aPollThatFindsTheQueueEmptyShouldRunTheIdleStepFirst() throws Exception {
        AtomicInteger idle = new AtomicInteger();
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(10, idle::incrementAndGet).create(10);
        queue.offer(event("connect"));
        queue.offer(event("auth"));
        assertThat(queue.poll(1, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("connect");
        assertThat(queue.poll(1, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("auth");
        assertThat(idle).as("not while events wait").hasValue(0);

        assertThat(queue.poll(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(idle).as("once the queue is empty (the log lines of the burst are written)").hasValue(1);
    }

    @Test
    void afterAnEventTheConsumerShouldSleepTheLingerThenTakeWhatCameMeanwhileInOrder() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(500, () -> { }).create(10);
        queue.offer(event("connect"));
        assertThat(queue.poll(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("connect");

        long pollAt = System.nanoTime();
        AtomicReference<Long> tookAt = new AtomicReference<>();
        CompletableFuture<Exchange> next = CompletableFuture.supplyAsync(() -> {
            Exchange e = take(queue);
            tookAt.set(System.nanoTime());
            return e;
        });
        Thread.sleep(100);
        queue.offer(event("auth"));
        queue.offer(event("close"));

        assertThat(next.get(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("auth");
        // not woken by the offer at 100 ms: taken when the linger ended
        assertThat(TimeUnit.NANOSECONDS.toMillis(tookAt.get() - pollAt)).isGreaterThanOrEqualTo(500);
        long before = System.nanoTime();
        assertThat(queue.poll(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("close");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(400);
    }

    @Test
    void aLingerThatFoundNothingShouldEndTheBurst() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(300, () -> { }).create(10);
        queue.offer(event("close"));
        queue.poll(10, TimeUnit.SECONDS);

        long before = System.nanoTime();
        assertThat(queue.poll(100, TimeUnit.MILLISECONDS)).isNull();   // the linger, then the poll's own wait
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isGreaterThanOrEqualTo(300);

        // out of the burst: the next event wakes the consumer and is taken at once
        CompletableFuture<Exchange> next = takeInBackground(queue);
        Thread.sleep(100);
        long offeredAt = System.nanoTime();
        queue.offer(event("connect"));
        assertThat(next.get(10, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("connect");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - offeredAt)).isLessThan(250);
    }

    @Test
    void noEventShouldMeanNoLingerAfterThePollTimeout() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(5_000, () -> { }).create(10);

        long before = System.nanoTime();
        assertThat(queue.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(2_000);
    }

    @Test
    void aStopThatInterruptsTheLingerShouldEndItAndKeepTheEventThatCame() throws Exception {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(60_000, () -> { }).create(10);
        queue.offer(event("auth"));
        queue.poll(10, TimeUnit.SECONDS);
        AtomicReference<Thread> consumer = new AtomicReference<>();
        CompletableFuture<Exchange> taken = CompletableFuture.supplyAsync(() -> {
            consumer.set(Thread.currentThread());
            return take(queue);
        });
        Thread.sleep(100);   // now lingering
        queue.offer(event("close"));
        consumer.get().interrupt();

        assertThat(taken.get(5, TimeUnit.SECONDS).getMessage().getBody()).isEqualTo("close");
    }

    private static CompletableFuture<Exchange> takeInBackground(LingeringQueue queue) {
        return CompletableFuture.supplyAsync(() -> take(queue));
    }

    private static Exchange take(LingeringQueue queue) {
        try {
            return queue.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theQueueShouldKeepTheSedaBound() {
        LingeringQueue queue = (LingeringQueue) new LingeringQueue.Factory(10, () -> { }).create(2);

        assertThat(queue.offer(event("a"))).isTrue();
        assertThat(queue.offer(event("b"))).isTrue();
        assertThat(queue.offer(event("c"))).isFalse();
    }

    @Test
    void eventsLingerShouldDefaultToFiftyMillisecondsAndRefuseWhatIsOutOfRange() {
        assertThat(new EventsSettings(Settings.of(Map.of())).lingerMillis()).isEqualTo(50);
        assertThat(new EventsSettings(Settings.of(Map.of("events.linger", "0"))).lingerMillis()).isZero();
        assertThatThrownBy(() -> new EventsSettings(Settings.of(Map.of("events.linger", "-1"))).lingerMillis())
                .hasMessage("events.linger must be between 0 and 1000 milliseconds: -1");
        assertThatThrownBy(() -> new EventsSettings(Settings.of(Map.of("events.linger", "5000"))).lingerMillis())
                .hasMessageContaining("between 0 and 1000");
    }
}
