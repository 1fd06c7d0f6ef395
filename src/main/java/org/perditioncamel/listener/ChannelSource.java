package org.perditioncamel.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;

/** Where one listener's client connections come from: a socket it binds, one systemd passed, or inetd's. */
interface ChannelSource {
    void start(CamelContext context, NettyServerBootstrapConfiguration configuration,
               ChannelInitializer<Channel> initializer) throws Exception;

    void stop() throws Exception;

    /** The first step of a graceful stop: no new connections, the open ones go on (drain_timeout). */
    default void stopAccepting() throws Exception {
    }

    /** For the log and errors: "127.0.0.1:110", "systemd socket 127.0.0.1:110", "inetd connection". */
    String describe();
}
