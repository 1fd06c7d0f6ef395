package org.perditioncamel.session;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Everything the proxy knows about one client connection, attached to the client channel. Fields written by
 * the control plane (Camel executor threads) and read by the event loop or the events route are volatile.
 */
public final class ProxySession {
    public static final AttributeKey<ProxySession> KEY = AttributeKey.valueOf("perdition.session");
    private static final AtomicLong IDS = new AtomicLong();

    private final String id;
    private final Protocol protocol;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final long connectedAtMillis = System.currentTimeMillis();
    private final Channel channel;
    /** perdition seeds one random start per session and moves on one outgoing_server entry per attempt. */
    private final int rotationStart = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
    private int attempts;

    private volatile Security clientSecure = Security.PLAINTEXT;
    private volatile Security serverSecure = Security.PLAINTEXT;
    private volatile boolean loggedIn;
    private volatile String logUser;
    private volatile String authorisationId;
    private volatile String server;
    private volatile boolean closed;
    /** Protocol dialogue state before login (e.g. the POP3 USER name); owned by the dialect. */
    private volatile Object dialogueState;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    public ProxySession(Protocol protocol, InetSocketAddress client, InetSocketAddress local) {
        this(protocol, client, local, null);
    }

    private ProxySession(Protocol protocol, InetSocketAddress client, InetSocketAddress local, Channel channel) {
        this.channel = channel;
        this.id = Long.toString(IDS.incrementAndGet(), 36) + "-" + Long.toString(connectedAtMillis, 36);
        this.protocol = protocol;
        this.client = client;
        this.local = local;
    }

    /** A session on an accepted client channel; the addresses are the socket's or a PROXY header's. */
    public static ProxySession accepted(Protocol protocol, Channel channel, InetSocketAddress client,
                                        InetSocketAddress local) {
        return new ProxySession(protocol, client, local, channel);
    }

    public static ProxySession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public String id() { return id; }
    /** The client channel; null for sessions built in tests without a socket. */
    public Channel channel() { return channel; }
    public Protocol protocol() { return protocol; }
    public InetSocketAddress client() { return client; }
    public InetSocketAddress local() { return local; }
    public long connectedAtMillis() { return connectedAtMillis; }

    /** Index into a list of {@code count} outgoing servers for the next attempt: random start, then in turn. */
    public synchronized int nextOutgoingIndex(int count) {
        if (count <= 0) {
            return -1;
        }
        int index = (int) ((rotationStart + 1L + attempts) % count);
        attempts++;
        return index;
    }

    public Security clientSecure() { return clientSecure; }
    public void clientSecure(Security value) { clientSecure = value; }
    public Security serverSecure() { return serverSecure; }
    public void serverSecure(Security value) { serverSecure = value; }

    public boolean loggedIn() { return loggedIn; }

    /** Called once the backend accepted the credentials; from then on Close is "Closing session:". */
    public void loggedIn(String user, String authzid, String serverForLog) {
        this.logUser = user;
        this.authorisationId = authzid;
        this.server = serverForLog;
        this.loggedIn = true;
    }

    public String logUser() { return logUser; }
    public String authorisationId() { return authorisationId; }
    public String server() { return server; }

    public Object dialogueState() { return dialogueState; }
    public void dialogueState(Object state) { dialogueState = state; }

    /** Marks the session closed; true only for the first caller, so Close is logged once. */
    public synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    public boolean closed() { return closed; }

    public AtomicLong received() { return received; }
    public AtomicLong sent() { return sent; }

    @Override
    public String toString() {
        return "ProxySession[" + id + " " + protocol + " " + client + "->" + local + (loggedIn ? " user=" + logUser : "") + "]";
    }
}
