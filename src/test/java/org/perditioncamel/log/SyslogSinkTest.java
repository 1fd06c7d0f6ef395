package org.perditioncamel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.TestEvents;

class SyslogSinkTest {
    private static final Clock NOV_5 = Clock.fixed(LocalDateTime.of(2026, 11, 5, 9, 3, 7).toInstant(ZoneOffset.UTC),
            ZoneId.of("UTC"));
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void syslogShouldSendRfc3164DatagramsToTheUnixSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("log");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            Channel daemon = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            received.add(packet.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString())).sync().channel();
            try (SyslogSink sink = SyslogSink.open("mail", "perdition.pop3", socket.toString(), "127.0.0.1:9", NOV_5)) {
                assertThat(sink.describe()).isEqualTo("unix datagram socket " + socket);
                PerditionLog log = new PerditionLog(sink, false, false, LogPasswd.NEVER);
                log.event(TestEvents.connect("s1"));
                log.event(TestEvents.auth("s1", "alice", "ok", null));
                log.err("Fatal error piping data. Exiting child.");

                assertThat(received.poll(5, TimeUnit.SECONDS))
                        .isEqualTo("<22>Nov  5 09:03:07 perdition.pop3[" + PID + "]: Connect:  192.0.2.10:40000->192.0.2.1:110");
                assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith("<21>Nov  5 09:03:07 perdition.pop3[" + PID
                        + "]: Auth: 192.0.2.10:40000->192.0.2.1:110 client-secure=plaintext");
                assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith("<19>");
            }
            daemon.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void syslogShouldFallBackToUdpWithAHostnameWhenTheSocketIsMissing(@TempDir Path dir) throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            daemon.setSoTimeout(5000);
            String target = "127.0.0.1:" + daemon.getLocalPort();
            try (SyslogSink sink = SyslogSink.open("local0", "perdition", dir.resolve("no-such-socket").toString(),
                    target, NOV_5)) {
                assertThat(sink.describe()).startsWith("UDP ");
                new PerditionLog(sink, false, false, LogPasswd.NEVER).err("Fatal error");

                DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
                daemon.receive(packet);
                String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                // local0 = 16, err = 3: 16 * 8 + 3
                assertThat(datagram).matches("<131>Nov  5 09:03:07 \\S+ perdition\\[" + PID + "\\]: Fatal error");
            }
        }
    }

    @Test
    void unknownFacilityShouldBeRefusedAtStartup() {
        assertThatThrownBy(() -> SyslogFacility.code("mial")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mial");
        assertThat(SyslogFacility.code("daemon")).isEqualTo(3);
        assertThat(SyslogFacility.code("LOCAL7")).isEqualTo(23);
    }

    @Test
    void udpTargetShouldParseHostPortForms() throws Exception {
        assertThat(UdpSyslogTransport.parse("127.0.0.1:5514").getPort()).isEqualTo(5514);
        assertThat(UdpSyslogTransport.parse("loghost").getPort()).isEqualTo(514);
        assertThat(UdpSyslogTransport.parse("[::1]:5514").getAddress()).isEqualTo(InetAddress.getByName("::1"));
    }
}
