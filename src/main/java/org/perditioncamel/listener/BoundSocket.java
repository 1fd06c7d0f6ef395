package org.perditioncamel.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;
import org.apache.camel.component.netty.SingleTCPNettyServerBootstrapFactory;
import org.apache.camel.support.service.ServiceHelper;

/** The usual case: camel-netty binds host:port of the endpoint itself. */
final class BoundSocket implements ChannelSource {
    private final String address;
    private SingleTCPNettyServerBootstrapFactory bootstrap;

    BoundSocket(String address) {
        this.address = address;
    }

    @Override
    public void start(CamelContext context, NettyServerBootstrapConfiguration configuration,
                      ChannelInitializer<Channel> initializer) {
        bootstrap = new SingleTCPNettyServerBootstrapFactory();
        bootstrap.init(context, configuration, initializer);
        ServiceHelper.startService(bootstrap);
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(bootstrap);
    }

    @Override
    public String describe() {
        return address;
    }
}
