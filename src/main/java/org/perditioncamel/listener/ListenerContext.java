package org.perditioncamel.listener;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.log.ConnectionLogging;

/** What every connection of one protocol's listeners shares: dialect, limits, timeouts and the session count. */
public final class ListenerContext {
    private static final CompletableFuture<Void> NAMED = CompletableFuture.completedFuture(null);
    private final Protocol protocol;
    private final Dialect dialect;
    private final SessionAudit audit;
    private final int connectionLimit;
    private final int authenticateTimeoutSeconds;
    private final int loginDeadlineSeconds;
    private final int maxLineLength;
    private final boolean tcpKeepalive;
    private final AtomicInteger sessions = new AtomicInteger();
    private ConnectionLogging connectionLogging = ConnectionLogging.OFF;

    private ClientTls implicitTls;
    private ClientTls startTls;

    private ProxyProtocolSettings proxyProtocol = ProxyProtocolSettings.OFF;
    private Greeting greeting;
    private Function<InetSocketAddress, CompletableFuture<?>> localNames = local -> NAMED;

    /** The greeting's host part, whose reverse lookup the listener waits for off the event loop. */
    public ListenerContext greeting(Greeting g) {
        this.greeting = g;
        return this;
    }

    /** add_domain's name of the local address (UsernameRules.localNamed), also waited for off the event loop. */
    public ListenerContext localNames(Function<InetSocketAddress, CompletableFuture<?>> lookup) {
        this.localNames = lookup;
        return this;
    }

    /**
     * Done when a session on this local address can greet and log in without a DNS lookup: the greeting's host part
     * and add_domain's domain both known.
     */
    CompletableFuture<?> localNamed(InetSocketAddress local) {
        CompletableFuture<?> greeted = greeting == null ? NAMED : greeting.named(local);
        CompletableFuture<?> domain = localNames.apply(local);
        if (domain.isDone()) {
            return greeted;
        }
        return greeted.isDone() ? domain : CompletableFuture.allOf(greeted, domain);
    }

    /** proxy_protocol: the client's addresses come from a trusted balancer's PROXY header. */
    public ListenerContext proxyProtocol(ProxyProtocolSettings settings) {
        this.proxyProtocol = settings;
        return this;
    }

    public ProxyProtocolSettings proxyProtocol() {
        return proxyProtocol;
    }

    /** ssl_listen (and POP3S, IMAPS): TLS from the first byte. */
    public ListenerContext implicitTls(ClientTls tls) {
        this.implicitTls = tls;
        return this;
    }

    /** tls_listen: STARTTLS/STLS offered on the plaintext connection. */
    public ListenerContext startTls(ClientTls tls) {
        this.startTls = tls;
        return this;
    }

    public ClientTls implicitTls() {
        return implicitTls;
    }

    public ClientTls startTls() {
        return startTls;
    }

    public ListenerContext connectionLogging(ConnectionLogging logging) {
        this.connectionLogging = logging;
        return this;
    }

    public ConnectionLogging connectionLogging() {
        return connectionLogging;
    }

    public ListenerContext(Protocol protocol, Dialect dialect, SessionAudit audit, int connectionLimit,
                           int authenticateTimeoutSeconds, int loginDeadlineSeconds, int maxLineLength, boolean tcpKeepalive) {
        this.protocol = protocol;
        this.dialect = dialect;
        this.audit = audit;
        this.connectionLimit = connectionLimit;
        this.authenticateTimeoutSeconds = authenticateTimeoutSeconds;
        this.loginDeadlineSeconds = loginDeadlineSeconds;
        this.maxLineLength = maxLineLength;
        this.tcpKeepalive = tcpKeepalive;
    }

    public Protocol protocol() { return protocol; }
    public Dialect dialect() { return dialect; }
    public SessionAudit audit() { return audit; }
    public int connectionLimit() { return connectionLimit; }
    public int authenticateTimeoutSeconds() { return authenticateTimeoutSeconds; }
    public int loginDeadlineSeconds() { return loginDeadlineSeconds; }
    public int maxLineLength() { return maxLineLength; }
    public boolean tcpKeepalive() { return tcpKeepalive; }

    /** connection_limit counts live sessions of this protocol; 0 means no limit, as in perdition. */
    boolean admit() {
        int now = sessions.incrementAndGet();
        if (connectionLimit > 0 && now > connectionLimit) {
            sessions.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        sessions.decrementAndGet();
    }

    public int activeSessions() {
        return sessions.get();
    }
}
