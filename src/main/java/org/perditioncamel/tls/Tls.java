package org.perditioncamel.tls;

import java.util.Optional;

import org.perditioncamel.session.Protocol;

/** Everything TLS for one protocol: the parsed ssl_mode and the contexts the two sides need. */
public final class Tls implements AutoCloseable {
    private final SslMode mode;
    private final Optional<ServerTls> server;
    private final Optional<BackendTls> backend;
    private final long reloadInterval;
    private TlsReloader reloader;

    private Tls(SslMode mode, Optional<ServerTls> server, Optional<BackendTls> backend, long reloadInterval) {
        this.mode = mode;
        this.server = server;
        this.backend = backend;
        this.reloadInterval = reloadInterval;
    }

    /**
     * Parses ssl_mode and builds the contexts the mode needs. Start-up errors (bad mode, certificate, key,
     * passphrase, CA file, cipher string, protocol version) are {@link IllegalArgumentException}s with one line
     * naming the option and file.
     */
    public static Tls from(TlsSettings settings, Protocol protocol) {
        SslMode mode = settings.mode(protocol);
        Optional<ServerTls> server = mode.listenNeedsTls() ? Optional.of(ServerTls.from(settings)) : Optional.empty();
        Optional<BackendTls> backend = mode.outgoingNeedsTls() ? Optional.of(BackendTls.from(settings))
                : Optional.empty();
        return new Tls(mode, server, backend, settings.reloadInterval());
    }

    public SslMode mode() {
        return mode;
    }

    /** Present when the listening side speaks TLS (ssl_listen or tls_listen). */
    public Optional<ServerTls> server() {
        return server;
    }

    /** Present when the outgoing side speaks TLS (ssl_outgoing or tls_outgoing). */
    public Optional<BackendTls> backend() {
        return backend;
    }

    /**
     * Starts checking the listening certificate files every ssl_reload_interval seconds (default 60) on a daemon
     * thread; does nothing without a listening context, with an interval of 0, or when already started.
     */
    public synchronized void startReloading() {
        if (reloader == null && server.isPresent() && reloadInterval > 0) {
            reloader = new TlsReloader(server.get(), reloadInterval);
        }
    }

    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.close();
            reloader = null;
        }
    }
}
