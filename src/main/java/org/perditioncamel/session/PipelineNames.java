package org.perditioncamel.session;

/**
 * The names of the handlers in a session's client and backend channels. The listener builds the client pipeline,
 * STARTTLS and the backend login add to it, and the splice takes the pre-login handlers out again by these names.
 */
public final class PipelineNames {
    /** SslHandler, first but for the PROXY protocol handlers (implicit TLS, STARTTLS, ssl_outgoing). */
    public static final String SSL = "ssl";
    /** PROXY protocol: who may send a header (a listener's first handler), its decoder, and what reads it. */
    public static final String PROXY_GATE = "proxy-gate";
    public static final String PROXY_DECODER = "proxy-decoder";
    public static final String PROXY_READER = "proxy-reader";
    /** PROXY protocol towards a backend: the header's encoder and what writes it, before any TLS. */
    public static final String PROXY_ENCODER = "proxy-encoder";
    public static final String PROXY_SENDER = "proxy-sender";
    public static final String IDLE = "idle";
    public static final String CONNECTION_LOG = "connection-log";
    /** Frames client commands before login, or backend lines during the backend login. */
    public static final String DECODER = "decoder";
    public static final String ENCODER = "encoder";
    public static final String CLIENT_CONNECTED = "client-connected";
    public static final String LOCKSTEP = "lockstep";
    /** camel-netty's own handler, which hands each command to the listener route. */
    public static final String CAMEL = "handler";
    /** Moves bytes to the peer channel once the session is spliced. */
    public static final String RELAY = "relay";

    private PipelineNames() {
    }
}
