package org.perditioncamel.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** RFC 3164 datagrams over UDP, for when the unix socket is out of reach; a non-blocking channel never waits. */
final class UdpSyslogTransport implements SyslogTransport {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSyslogTransport.class);
    private static final long REPORT_EVERY_MILLIS = 60_000;

    private final InetSocketAddress target;
    private final DatagramChannel channel;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastReport;

    UdpSyslogTransport(InetSocketAddress target) {
        this.target = target;
        try {
            this.channel = DatagramChannel.open();
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP socket for syslog", e);
        }
    }

    /** "host:port", "[v6]:port" or "host" (port 514). */
    static InetSocketAddress parse(String hostPort) {
        String host = hostPort.trim();
        int port = 514;
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (colon > close) {
                port = Integer.parseInt(host.substring(colon + 1));
            }
            host = host.substring(1, close);
        } else if (colon > 0 && host.indexOf(':') == colon) {
            port = Integer.parseInt(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public void send(byte[] datagram) {
        try {
            if (channel.send(ByteBuffer.wrap(datagram), target) == 0) {
                lost("socket buffer full");
            }
        } catch (IOException e) {
            lost(e.toString());
        }
    }

    private void lost(String why) {
        long count = dropped.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastReport >= REPORT_EVERY_MILLIS) {
            lastReport = now;
            LOG.warn("syslog UDP {}: {} log lines lost so far ({})", target, count, why);
        }
    }

    @Override
    public boolean wantsHostname() {
        return true;
    }

    @Override
    public String describe() {
        return "UDP " + target;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing at shutdown; nothing is left to send
        }
    }
}
