package org.perditioncamel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ReverseNamesTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();

    /** Once per address; after a minute looked up again in the background, the old name answering meanwhile. */
    @Test
    void aNameShouldBeKeptAMinuteThenLookedUpAgainWithoutWaiting() throws Exception {
        ReverseNames names = new ReverseNames(address -> "call-" + calls.incrementAndGet(), clock::get);
        InetAddress local = InetAddress.getByName("192.0.2.10");
        assertThat(names.apply(local)).isEqualTo("call-1");
        clock.addAndGet(ReverseNames.REFRESH_NANOS);
        assertThat(names.apply(local)).isEqualTo("call-1");
        assertThat(calls).hasValue(1);

        clock.addAndGet(1);
        assertThat(names.named(local)).as("the old name answers while the new one is looked up").isDone();
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> names.apply(local).equals("call-2"));
        assertThat(calls).hasValue(2);
        assertThat(names.apply(InetAddress.getByName("::1"))).isEqualTo("call-3");
    }

    /** libc's getnameinfo answers as the system's resolver (getent: the same nsswitch), ::1 in perdition's short form. */
    @Test
    void getnameinfoShouldAnswerAsTheSystemsResolver() throws Exception {
        String v4 = getent("127.0.0.1");
        assertThat(ReverseNames.LibC.lookup(InetAddress.getByName("127.0.0.1"))).isEqualTo(v4.isEmpty() ? "127.0.0.1" : v4);
        String v6 = ReverseNames.LibC.lookup(InetAddress.getByName("::1"));
        String expected = getent("::1");
        assertThat(v6).isEqualTo(expected.isEmpty() ? "::1" : expected);
    }

    private static String getent(String address) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getent", "hosts", address).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        String[] fields = out.split("\\s+");
        return fields.length > 1 ? fields[1] : "";
    }

    /** While DNS is slow, one refresh per address at a time, however many connections ask meanwhile. */
    @Test
    void aSlowRefreshShouldNotBeStartedTwice() throws Exception {
        java.util.concurrent.CountDownLatch dns = new java.util.concurrent.CountDownLatch(1);
        ReverseNames names = new ReverseNames(address -> {
            if (calls.incrementAndGet() > 1) {
                try {
                    dns.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "call-" + calls.get();
        }, clock::get);
        InetAddress local = InetAddress.getByName("192.0.2.11");
        assertThat(names.apply(local)).isEqualTo("call-1");
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(ReverseNames.REFRESH_NANOS + 1);
            assertThat(names.apply(local)).isEqualTo("call-1");
        }
        Thread.sleep(200);
        assertThat(calls).as("one refresh under way, not five").hasValue(2);
        dns.countDown();
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> names.apply(local).equals("call-2"));
    }
}
