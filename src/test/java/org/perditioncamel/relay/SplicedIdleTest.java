package org.perditioncamel.relay;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;

import static org.assertj.core.api.Assertions.assertThat;

/** perdition's timeout after login: spliced bytes pass no handler, yet they keep a session from timing out. */
class SplicedIdleTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SessionAudit audit = new SessionAudit(e -> { }, new SessionAudit.LogLines() {
        @Override
        public void err(String line) {
            lines.add(line);
        }

        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void debug(String line) {
            lines.add(line);
        }
    }, false);
    private final ProxySession session = new ProxySession(Protocol.IMAP4, new InetSocketAddress("127.0.0.1", 40000),
            new InetSocketAddress("127.0.0.1", 143));

    /** IdleStateHandler measures idleness on the real clock and schedules on the channel's: both are advanced. */
    private static void pass(EmbeddedChannel ch, long millis) throws InterruptedException {
        Thread.sleep(millis);
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void bytesMovedWithoutPassingTheHandlerShouldDeferTheTimeoutAndNoBytesShouldEndTheSession() throws Exception {
        Splice splice = new Splice(audit, 1, 0, 0, true);
        EmbeddedChannel ch = new EmbeddedChannel(splice.new SplicedIdleHandler(session, 1, Optional.empty()));
        pass(ch, 600);
        session.sent().addAndGet(64 * 1024);   // as a splice counts: no read, no write through the pipeline
        pass(ch, 600);
        assertThat(ch.isOpen()).as("bytes moved within the timeout").isTrue();
        assertThat(lines).doesNotContain("Timeout piping data.");

        pass(ch, 1200);
        assertThat(ch.isOpen()).as("nothing moved for the whole timeout").isFalse();
        assertThat(lines).contains("Timeout piping data.");
    }
}
