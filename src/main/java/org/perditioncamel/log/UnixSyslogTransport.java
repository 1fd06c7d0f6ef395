package org.perditioncamel.log;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datagrams to /dev/log (a SOCK_DGRAM unix socket, which java.nio cannot address) through Netty's native epoll
 * transport; artemis-server already brings netty-transport-native-epoll for linux-x86_64.
 */
final class UnixSyslogTransport implements SyslogTransport {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSyslogTransport.class);
    private static final long REPORT_EVERY_MILLIS = 60_000;

    private final String path;
    private final DomainSocketAddress target;
    private final EventLoopGroup group;
    private final Channel channel;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastReport;

    UnixSyslogTransport(String path) {
        this.path = path;
        this.target = new DomainSocketAddress(path);
        this.group = new EpollEventLoopGroup(1, new DefaultThreadFactory("perdition-syslog", true));
        // Unconnected and active at once: each datagram names /dev/log, so a restarted syslog daemon is found again.
        // Waiting here is fine: this runs once at start-up, on the main thread, on the transport's own event loop.
        this.channel = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .handler(new ChannelInboundHandlerAdapter())
                .register()
                .syncUninterruptibly()
                .channel();
    }

    static boolean available() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    @Override
    public void send(byte[] datagram) {
        // glibc syslog() would block on a full socket; a proxy must not, so a slow daemon costs lines, not sessions.
        if (!channel.isWritable()) {
            lost(null);
            return;
        }
        channel.writeAndFlush(new DomainDatagramPacket(Unpooled.wrappedBuffer(datagram), target)).addListener(f -> {
            if (!f.isSuccess()) {
                lost(f.cause());
            }
        });
    }

    private void lost(Throwable cause) {
        long count = dropped.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastReport >= REPORT_EVERY_MILLIS) {
            lastReport = now;
            LOG.warn("syslog socket {}: {} log lines lost so far ({})", path, count,
                    cause == null ? "socket buffer full" : cause.toString());
        }
    }

    @Override
    public boolean wantsHostname() {
        return false;
    }

    @Override
    public String describe() {
        return "unix datagram socket " + path;
    }

    /** At shutdown only, on the thread stopping the application: waiting for the socket to close is fine. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
