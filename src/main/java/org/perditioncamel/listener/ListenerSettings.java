package org.perditioncamel.listener;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

/**
 * Where the proxy listens and the limits of a client session before login, read once: perdition's protocol,
 * bind_address, listen_port, connection_limit, authenticate_timeout and tcp_keepalive, plus listeners,
 * &lt;proto&gt;.bind_address, &lt;proto&gt;.listen_port, login_deadline, max_line_length and event_loops beyond
 * perdition. The one place their defaults are written in code.
 *
 * @param protocols     the listeners' protocols: perdition's single protocol, or the list in "listeners"
 * @param bindAddresses per protocol: &lt;proto&gt;.bind_address, else bind_address; empty means every address
 * @param listenPorts   per protocol: &lt;proto&gt;.listen_port, else listen_port for perdition's own protocol, else
 *                      the protocol's port
 * @param inetdMode     perdition's -i: one session on the connection inherited on standard input, then exit
 * @param eventLoops    event_loops: the event loop threads of each listener; 0, the default, is one per CPU this
 *                      process may use ({@link #eventLoopsPerListener()})
 */
public record ListenerSettings(List<Protocol> protocols, Map<Protocol, List<String>> bindAddresses,
                               Map<Protocol, String> listenPorts, int connectionLimit, int authenticateTimeoutSeconds,
                               int loginDeadlineSeconds, int maxLineLength, boolean tcpKeepalive,
                               boolean inetdMode, int eventLoops) {

    static final String DEFAULT_PROTOCOL = "POP3";
    static final int DEFAULT_AUTHENTICATE_TIMEOUT = 1800;
    static final int DEFAULT_LOGIN_DEADLINE = 300;
    static final int DEFAULT_MAX_LINE_LENGTH = 8192;

    public ListenerSettings {
        protocols = List.copyOf(protocols);
        bindAddresses = Map.copyOf(bindAddresses);
        listenPorts = Map.copyOf(listenPorts);
    }

    public static ListenerSettings from(Settings s) {
        List<Protocol> protocols = protocols(s);
        Protocol primary = primary(s);
        Map<Protocol, List<String>> bindAddresses = new EnumMap<>(Protocol.class);
        Map<Protocol, String> listenPorts = new EnumMap<>(Protocol.class);
        for (Protocol p : protocols) {
            bindAddresses.put(p, bindAddresses(s, p));
            listenPorts.put(p, listenPort(s, p, primary));
        }
        ListenerSettings settings = new ListenerSettings(protocols, bindAddresses, listenPorts,
                s.integer("connection_limit", 0),
                s.integer("authenticate_timeout", DEFAULT_AUTHENTICATE_TIMEOUT),
                s.integer("login_deadline", DEFAULT_LOGIN_DEADLINE),
                s.integer("max_line_length", DEFAULT_MAX_LINE_LENGTH),
                s.flag("tcp_keepalive"),
                s.flag("inetd_mode"),
                s.integer("event_loops", 0));
        if (settings.eventLoops() < 0) {
            throw new IllegalArgumentException("event_loops must be 0 (one per CPU) or more, not " + settings.eventLoops());
        }
        protocols.forEach(settings::addresses);   // a bad address or port is an error now, not when binding
        return settings;
    }

    /**
     * One event loop per CPU unless event_loops says otherwise: a login is a few short steps on one loop and never
     * waits, so more loops than CPUs only add thread switches (Netty's default, twice the CPUs, cost 3-9 % more CPU
     * per login in docs/benchmark.md, run J). availableProcessors() follows taskset and the cgroup's CPU quota.
     */
    public int eventLoopsPerListener() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }

    /** Where the listener of this protocol binds; IllegalArgumentException naming the bad entry. */
    public List<ListenAddress> addresses(Protocol protocol) {
        return ListenAddress.of(bindAddresses.get(protocol), listenPorts.get(protocol));
    }

    /** perdition's single protocol, or several with the key "listeners" (beyond perdition), e.g. POP3,IMAP4. */
    private static List<Protocol> protocols(Settings s) {
        List<String> names = s.list("listeners");
        if (names.isEmpty()) {
            return List.of(primary(s));
        }
        List<Protocol> out = new ArrayList<>();
        for (String name : names) {
            out.add(Protocol.fromOption(name).orElseThrow(() -> new IllegalArgumentException("listeners: unknown protocol " + name)));
        }
        return out;
    }

    private static Protocol primary(Settings s) {
        String name = s.string("protocol", DEFAULT_PROTOCOL);
        return Protocol.fromOption(name).orElseThrow(() -> new IllegalArgumentException("unknown protocol " + name));
    }

    private static List<String> bindAddresses(Settings s, Protocol p) {
        List<String> own = s.list(p.configName() + ".bind_address");
        return own.isEmpty() ? s.list("bind_address") : own;
    }

    private static String listenPort(Settings s, Protocol p, Protocol primary) {
        Optional<String> own = s.nonEmpty(p.configName() + ".listen_port");
        if (own.isPresent()) {
            return own.get().trim();
        }
        if (p == primary) {
            Optional<String> port = s.nonEmpty("listen_port");
            if (port.isPresent()) {
                return port.get().trim();
            }
        }
        return Integer.toString(p.defaultPort());
    }
}
