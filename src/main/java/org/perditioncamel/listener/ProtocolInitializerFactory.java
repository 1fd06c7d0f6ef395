package org.perditioncamel.listener;

import io.netty.channel.Channel;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

/** Registry prototype for a listener's pipeline; NettyConsumer.doStart() asks it for one initializer per consumer. */
public final class ProtocolInitializerFactory extends ServerInitializerFactory {
    private final ListenerContext listener;

    public ProtocolInitializerFactory(ListenerContext listener) {
        this.listener = listener;
    }

    public ListenerContext listener() {
        return listener;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new ProtocolChannelInitializer(consumer, listener);
    }

    @Override
    protected void initChannel(Channel ch) {
        throw new IllegalStateException("prototype only; Camel calls createPipelineFactory()");
    }
}
