package org.perditioncamel.listener;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.EpollBatches;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection accepted in the same batch of epoll events in which an earlier event closed another session can get
 * that session's descriptor, while that session's own event (its client's FIN: EPOLLIN and EPOLLRDHUP) is still
 * further down the batch. Netty 4.1 delivers it to whatever channel the descriptor is registered to by then.
 */
class AcceptedAfterBatchTest {
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aConnectionAcceptedOntoTheDescriptorOfASessionClosedInTheSameBatchShouldNotKeepItsLoopBusy() throws Exception {
        Epoll.ensureAvailability();
        group = new EpollEventLoopGroup(1, new DefaultThreadFactory("accepted-after-batch-test"));
        Channel[] victim = new Channel[1];
        int[] freed = new int[1];
        // as BoundSocket has it: the listening socket on a worker loop, AcceptedAfterBatch in front of the acceptor;
        // a "Y" ends another session, as the relay closes a client when its backend hangs up
        EpollBatches batches = new EpollBatches(group, AcceptedAfterBatch.INSTANCE, ctx -> {
            freed[0] = ((EpollSocketChannel) victim[0]).fd().intValue();
            victim[0].close();
        });
        closing.add(batches::close);
        int port = batches.port();
        Thread loopThread = group.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        int reused = 0;
        for (int round = 0; round < 30 && reused < 3; round++) {
            Socket ending = connect(port);
            Socket trigger = connect(port);
            batches.accepted(trigger);
            victim[0] = batches.accepted(ending);
            // one batch brings, in this order: the trigger (it closes the ending session), the listening socket (a
            // new connection), the ending session's FIN
            batches.hold(150);
            trigger.getOutputStream().write('Y');
            Thread.sleep(20);
            Socket fresh = connect(port);
            Thread.sleep(20);
            ending.shutdownOutput();

            Channel newcomer = batches.accepted(fresh);
            group.submit(() -> { }).get(5, TimeUnit.SECONDS);   // the batch is done
            long before = threads.getThreadCpuTime(loopThread.getId());
            Thread.sleep(500);
            long busyMillis = (threads.getThreadCpuTime(loopThread.getId()) - before) / 1_000_000;
            if (((EpollSocketChannel) newcomer).fd().intValue() == freed[0]) {
                reused++;
                assertThat(busyMillis).as("round %d: CPU of the idle event loop in 500 ms", round).isLessThan(50);
                assertThat(newcomer.isActive()).isTrue();
                assertThat(((EpollSocketChannel) newcomer).isInputShutdown()).isFalse();
            }
        }
        // the descriptor reuse this test is about took place (the lowest free descriptor is taken: after a few
        // rounds the freed one is the lowest)
        assertThat(reused).isGreaterThan(0);
    }

    private Socket connect(int port) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        closing.add(s);
        return s;
    }
}
