package org.perditioncamel.log;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** perdition's default sink: RFC 3164 datagrams "<PRI>Mon DD HH:MM:SS ident[pid]: message" to the syslog daemon. */
public final class SyslogSink implements LogSink {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogSink.class);

    private final int facility;
    private final String ident;
    private final Clock clock;
    private final SyslogTransport transport;
    private final String hostname;

    SyslogSink(int facility, String ident, Clock clock, SyslogTransport transport) {
        this.facility = facility;
        this.ident = ident;
        this.clock = clock;
        this.transport = transport;
        this.hostname = transport.wantsHostname() ? shortHostname() : null;
    }

    /**
     * /dev/log through Netty epoll when the native transport loads and the socket exists; otherwise UDP, said once
     * here, because a JVM alone cannot write to a unix datagram socket.
     */
    public static SyslogSink open(String facilityName, String ident, String socketPath, String udpTarget, Clock clock) {
        int facility = SyslogFacility.code(facilityName);
        SyslogTransport transport = null;
        String why;
        if (!UnixSyslogTransport.available()) {
            why = "Netty's native epoll transport is not available here, so " + socketPath + " cannot be used";
        } else if (!Files.exists(Path.of(socketPath))) {
            why = socketPath + " does not exist (no syslog daemon?)";
        } else {
            try {
                transport = new UnixSyslogTransport(socketPath);
                why = null;
            } catch (RuntimeException e) {
                why = "cannot open " + socketPath + " (" + e + ")";
            }
        }
        if (transport == null) {
            transport = new UdpSyslogTransport(UdpSyslogTransport.parse(udpTarget));
            LOG.warn("syslog: {}; logging to {} instead", why, transport.describe());
        } else {
            LOG.info("syslog: logging to {} with facility {}", transport.describe(), facilityName);
        }
        return new SyslogSink(facility, ident, clock, transport);
    }

    @Override
    public void write(Severity severity, String message) {
        StringBuilder datagram = new StringBuilder(message.length() + 64)
                .append('<').append(SyslogFacility.priority(facility, severity)).append('>')
                .append(LogTimestamp.format(LocalDateTime.now(clock))).append(' ');
        if (hostname != null) {
            datagram.append(hostname).append(' ');
        }
        datagram.append(ident).append('[').append(ProcessHandle.current().pid()).append("]: ").append(message);
        transport.send(datagram.toString().getBytes(StandardCharsets.UTF_8));
    }

    String describe() {
        return transport.describe();
    }

    @Override
    public void close() {
        transport.close();
    }

    private static String shortHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
