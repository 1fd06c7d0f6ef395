package org.perditioncamel.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * Decides where each listener's connections come from. inetd_mode: the one connection on standard input.
 * Started by systemd socket activation (LISTEN_PID is this process): the passed socket whose port is the
 * listener's, and whose address is the listener's or the listener listens on every address; a listener without
 * one binds its own socket, and a passed socket no listener takes stops the start.
 */
public final class ListenerSockets {
    /** sd_listen_fds(3): the first passed descriptor. */
    static final int SD_LISTEN_FDS_START = 3;

    private final boolean inetd;
    private final Runnable sessionEnded;
    private final List<SystemdSocket> passed;
    private boolean inetdTaken;
    private boolean reusePort;
    private int eventLoops = 1;

    private ListenerSockets(boolean inetd, Runnable sessionEnded, List<SystemdSocket> passed) {
        this.inetd = inetd;
        this.sessionEnded = sessionEnded;
        this.passed = new ArrayList<>(passed);
    }

    /**
     * @param sessionEnded in inetd_mode, what ends the process once the session has closed (called on an event
     *                     loop: it must not block)
     */
    public static ListenerSockets of(boolean inetdMode, Runnable sessionEnded, Map<String, String> environment) {
        return new ListenerSockets(inetdMode, sessionEnded, inetdMode ? List.of() : systemdSockets(environment));
    }

    /** sd_listen_fds(3) without unsetting: LISTEN_FDS counts the descriptors from 3, if LISTEN_PID is us. */
    /** reuse_port: the sockets this process binds itself get SO_REUSEPORT (Linux). */
    public ListenerSockets reusePort(boolean on) {
        this.reusePort = on;
        return this;
    }

    /** event_loops: each listener's event loop threads (ListenerSettings.eventLoopsPerListener()). */
    public ListenerSockets eventLoops(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a listener needs at least one event loop, not " + count);
        }
        this.eventLoops = count;
        return this;
    }

    static List<SystemdSocket> systemdSockets(Map<String, String> environment) {
        String pid = environment.get("LISTEN_PID");
        String fds = environment.get("LISTEN_FDS");
        if (pid == null || fds == null || !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            return List.of();
        }
        int count;
        try {
            count = Integer.parseInt(fds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("systemd socket activation: LISTEN_FDS is not a number: " + fds);
        }
        if (count > 0 && !Epoll.isAvailable()) {
            throw new IllegalArgumentException("systemd socket activation needs Netty's native epoll transport, which"
                    + " does not load here: " + Epoll.unavailabilityCause());
        }
        List<SystemdSocket> sockets = new ArrayList<>();
        for (int fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + count; fd++) {
            sockets.add(new SystemdSocket(new EpollServerSocketChannel(fd)));
        }
        return sockets;
    }

    ChannelSource sourceFor(String host, String port) {
        if (inetd) {
            if (inetdTaken) {
                throw new IllegalArgumentException("inetd_mode serves one connection: give one protocol and no more"
                        + " than one bind_address");
            }
            inetdTaken = true;
            return new InetdConnection(sessionEnded);
        }
        for (SystemdSocket socket : passed) {
            if (serves(socket.localAddress(), host, port)) {
                passed.remove(socket);
                return socket.eventLoops(eventLoops);
            }
        }
        return new BoundSocket(host + ":" + port, reusePort, eventLoops);
    }

    private static boolean serves(InetSocketAddress socket, String host, String port) {
        if (!Integer.toString(socket.getPort()).equals(port)) {
            return false;
        }
        try {
            InetAddress wanted = InetAddress.getByName(host);
            return wanted.isAnyLocalAddress() || wanted.equals(socket.getAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A socket systemd passed that no listener took is a unit that does not match the configuration. */
    public void checkAllTaken() {
        Optional<SystemdSocket> left = passed.stream().findFirst();
        if (left.isPresent()) {
            throw new IllegalArgumentException("systemd passed the socket " + left.get().localAddress()
                    + " but no listener has that address and port (bind_address, listen_port)");
        }
    }
}
