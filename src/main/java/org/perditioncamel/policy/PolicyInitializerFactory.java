package org.perditioncamel.policy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.camel.component.netty.DefaultServerInitializerFactory;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

import static org.perditioncamel.session.PipelineNames.CAMEL;
import static org.perditioncamel.session.PipelineNames.DECODER;
import static org.perditioncamel.session.PipelineNames.ENCODER;
import static org.perditioncamel.session.PipelineNames.IDLE;

/**
 * The policy listener's pipeline (registry prototype, as camel-netty wants it): idle timeout, request framing,
 * answer encoding, one request in flight (PolicyPacing), then Camel's handler. Postfix keeps these connections open and sends one request at a time.
 */
public final class PolicyInitializerFactory extends ServerInitializerFactory {
    private final int maxRequestBytes;
    private final int idleTimeoutSeconds;

    public PolicyInitializerFactory(int maxRequestBytes, int idleTimeoutSeconds) {
        this.maxRequestBytes = maxRequestBytes;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new DefaultServerInitializerFactory(consumer) {
            @Override
            protected void initChannel(Channel ch) throws Exception {
                super.initChannel(ch);
                ch.pipeline().addBefore(CAMEL, IDLE, new IdleStateHandler(0, 0, idleTimeoutSeconds));
                ch.pipeline().addBefore(CAMEL, "quiet-close", QuietClose.INSTANCE);
                ch.pipeline().addBefore(CAMEL, ENCODER, AnswerEncoder.INSTANCE);
                ch.pipeline().addBefore(CAMEL, DECODER, new PolicyRequestDecoder(maxRequestBytes));
                ch.pipeline().addBefore(CAMEL, "pacing", new PolicyPacing());
            }
        };
    }

    @Override
    protected void initChannel(Channel ch) {
        throw new IllegalStateException("prototype only; Camel calls createPipelineFactory()");
    }

    @ChannelHandler.Sharable
    static final class AnswerEncoder extends MessageToByteEncoder<PolicyAnswer> {
        static final AnswerEncoder INSTANCE = new AnswerEncoder();

        @Override
        protected void encode(ChannelHandlerContext ctx, PolicyAnswer answer, ByteBuf out) {
            out.writeBytes(answer.bytes());
        }
    }

    /** An idle connection, or one the peer reset, ends without Camel logging a stack trace for it. */
    @ChannelHandler.Sharable
    static final class QuietClose extends ChannelInboundHandlerAdapter {
        static final QuietClose INSTANCE = new QuietClose();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                ctx.close();
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
