package org.perditioncamel.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** event_loops decides how many loops a listener's connections are spread over (Netty's default is twice the CPUs). */
class BoundSocketEventLoopsTest {

    @Test
    void oneEventLoopShouldServeEveryConnectionOnTheListenersOwnLoop() throws Exception {
        assertThat(loopsServing(1, 6)).hasSize(1);
    }

    @Test
    void theConnectionsShouldBeSpreadOverAsManyLoopsAsConfigured() throws Exception {
        assertThat(loopsServing(3, 9)).hasSize(3);
    }

    /** The distinct event loops that the given number of accepted connections were registered on. */
    private static Set<EventLoop> loopsServing(int eventLoops, int connections) throws Exception {
        Set<EventLoop> loops = ConcurrentHashMap.newKeySet();
        CountDownLatch accepted = new CountDownLatch(connections);
        BoundSocket socket = new BoundSocket("127.0.0.1:0", false, eventLoops);
        NettyServerBootstrapConfiguration configuration = new NettyServerBootstrapConfiguration();
        configuration.setHost("127.0.0.1");
        configuration.setPort(0);
        List<Socket> clients = new ArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            socket.start(context, configuration, new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    loops.add(ch.eventLoop());
                    accepted.countDown();
                }
            });
            int port = ((InetSocketAddress) socket.localAddress()).getPort();
            for (int i = 0; i < connections; i++) {
                clients.add(new Socket("127.0.0.1", port));
            }
            assertThat(accepted.await(10, TimeUnit.SECONDS)).as("every connection accepted").isTrue();
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            socket.stop();
        }
        return loops;
    }
}
