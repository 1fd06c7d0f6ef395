package org.perditioncamel.listener;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;
import org.apache.camel.component.netty.NettyServerBootstrapFactory;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A listener route's nettyServerBootstrapFactory: the connections come from its ChannelSource (a bound socket, a
 * systemd socket or inetd's connection), and go through the protocol's pipeline to the route's consumer.
 * camel-netty hands a configured factory neither the consumer nor the pipeline, so both are found at start through
 * the route, whose consumer is starting.
 */
final class ListenerBootstrap extends ServiceSupport implements NettyServerBootstrapFactory {
    private final CamelContext context;
    private final String routeId;
    private final ProtocolInitializerFactory pipeline;
    private final ChannelSource source;

    ListenerBootstrap(CamelContext context, String routeId, ProtocolInitializerFactory pipeline, ChannelSource source) {
        this.context = context;
        this.routeId = routeId;
        this.pipeline = pipeline;
        this.source = source;
    }

    @Override
    protected void doStart() throws Exception {
        Route route = context.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof NettyConsumer consumer)) {
            throw new IllegalStateException("route " + routeId + " has no netty consumer");
        }
        ChannelInitializer<Channel> initializer = pipeline.createPipelineFactory(consumer);
        Drain drain = context.getRegistry().lookupByNameAndType(Drain.BEAN, Drain.class);
        if (drain != null && drain.timeoutSeconds() > 0) {
            initializer = tracked(initializer, drain);
        }
        source.start(context, consumer.getConfiguration(), initializer);
        if (drain != null) {
            drain.listening(source);
        }
    }

    /** The protocol's pipeline, for a channel the drain counts until it closes. */
    private static ChannelInitializer<Channel> tracked(ChannelInitializer<Channel> protocol, Drain drain) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                drain.accepted(channel);
                channel.pipeline().addLast(protocol);
            }
        };
    }

    @Override
    protected void doStop() throws Exception {
        source.stop();
    }

    // camel-netty calls these only on the factories it creates itself
    @Override
    public void init(CamelContext camelContext, NettyServerBootstrapConfiguration configuration,
                     ChannelInitializer<Channel> initializer) {
        throw new IllegalStateException("configured per route; started by its consumer");
    }

    @Override
    public void init(ThreadFactory threadFactory, NettyServerBootstrapConfiguration configuration,
                     ChannelInitializer<Channel> initializer) {
        throw new IllegalStateException("configured per route; started by its consumer");
    }

    @Override
    public void addChannel(Channel channel) {
    }

    @Override
    public void removeChannel(Channel channel) {
    }

    @Override
    public void addConsumer(NettyConsumer consumer) {
    }

    @Override
    public void removeConsumer(NettyConsumer consumer) {
    }
}
