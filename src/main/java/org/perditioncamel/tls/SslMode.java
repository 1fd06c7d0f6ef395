package org.perditioncamel.tls;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.perditioncamel.session.Protocol;

/** perdition's ssl_mode: for each side, TLS from the first byte, TLS after STARTTLS/STLS, or none. */
public final class SslMode {

    /** How one side of the proxy speaks TLS. */
    public enum Side {
        /** Plain text only. */
        NONE,
        /** TLS from the first byte (ssl_listen, ssl_outgoing; POP3S and IMAP4S). */
        IMPLICIT,
        /** Plain text, upgraded by STARTTLS/STLS (tls_listen, tls_outgoing). */
        STARTTLS
    }

    private final Side listen;
    private final boolean listenForce;
    private final Side outgoing;
    private final boolean outgoingForce;

    private SslMode(Side listen, boolean listenForce, Side outgoing, boolean outgoingForce) {
        this.listen = listen;
        this.listenForce = listenForce;
        this.outgoing = outgoing;
        this.outgoingForce = outgoingForce;
    }

    /**
     * Parses perdition's comma list, case-insensitive. An empty value means ssl_all for POP3S and IMAP4S and no TLS
     * otherwise; an explicit {@code none} means no TLS even for POP3S and IMAP4S, as in perdition.
     *
     * @throws IllegalArgumentException for an unknown mode, or ssl_X and tls_X on the same side
     */
    public static SslMode parse(String value, Protocol protocol) {
        Set<String> modes = new LinkedHashSet<>();
        for (String item : (value == null ? "" : value).split(",")) {
            String mode = item.trim().toLowerCase(Locale.ROOT);
            if (!mode.isEmpty()) {
                modes.add(mode);
            }
        }
        if (modes.isEmpty()) {
            return protocol != null && protocol.implicitTls()
                    ? new SslMode(Side.IMPLICIT, false, Side.IMPLICIT, false)
                    : new SslMode(Side.NONE, false, Side.NONE, false);
        }
        boolean sslListen = false;
        boolean sslOutgoing = false;
        boolean tlsListen = false;
        boolean tlsOutgoing = false;
        boolean forceListen = false;
        boolean forceOutgoing = false;
        for (String mode : modes) {
            switch (mode) {
                case "none":
                    break;
                case "ssl_listen":
                    sslListen = true;
                    break;
                case "ssl_outgoing":
                    sslOutgoing = true;
                    break;
                case "ssl_all":
                    sslListen = true;
                    sslOutgoing = true;
                    break;
                case "tls_listen_force":
                    forceListen = true;
                    tlsListen = true;
                    break;
                case "tls_listen":
                    tlsListen = true;
                    break;
                case "tls_outgoing_force":
                    forceOutgoing = true;
                    tlsOutgoing = true;
                    break;
                case "tls_outgoing":
                    tlsOutgoing = true;
                    break;
                case "tls_all_force":
                    forceListen = true;
                    forceOutgoing = true;
                    tlsListen = true;
                    tlsOutgoing = true;
                    break;
                case "tls_all":
                    tlsListen = true;
                    tlsOutgoing = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown ssl_mode: " + item(value, mode));
            }
        }
        if ((sslListen && tlsListen) || (sslOutgoing && tlsOutgoing)) {
            throw new IllegalArgumentException("invalid ssl_mode combination: " + value);
        }
        return new SslMode(side(sslListen, tlsListen), forceListen, side(sslOutgoing, tlsOutgoing), forceOutgoing);
    }

    private static Side side(boolean ssl, boolean tls) {
        return ssl ? Side.IMPLICIT : tls ? Side.STARTTLS : Side.NONE;
    }

    /** The item as the user wrote it, for the error message. */
    private static String item(String value, String lowerCase) {
        for (String item : value.split(",")) {
            if (item.trim().toLowerCase(Locale.ROOT).equals(lowerCase)) {
                return item.trim();
            }
        }
        return lowerCase;
    }

    public Side listen() {
        return listen;
    }

    public Side outgoing() {
        return outgoing;
    }

    /** ssl_listen: the client side speaks TLS from the first byte. */
    public boolean listenImplicit() {
        return listen == Side.IMPLICIT;
    }

    /** tls_listen: STARTTLS/STLS is offered to clients. */
    public boolean listenStartTls() {
        return listen == Side.STARTTLS;
    }

    /** tls_listen_force: clients must use STARTTLS/STLS before logging in. */
    public boolean listenForce() {
        return listenForce;
    }

    /** ssl_outgoing: the backend connection speaks TLS from the first byte. */
    public boolean outgoingImplicit() {
        return outgoing == Side.IMPLICIT;
    }

    /** tls_outgoing: STARTTLS/STLS is tried towards the backend. */
    public boolean outgoingStartTls() {
        return outgoing == Side.STARTTLS;
    }

    /** tls_outgoing_force: the backend login fails unless the backend STARTTLS succeeds. */
    public boolean outgoingForce() {
        return outgoingForce;
    }

    /** Whether the listening side needs a certificate and key. */
    public boolean listenNeedsTls() {
        return listen != Side.NONE;
    }

    /** Whether the outgoing side needs a client TLS context. */
    public boolean outgoingNeedsTls() {
        return outgoing != Side.NONE;
    }

    /** The canonical ssl_mode list, e.g. {@code ssl_listen,tls_outgoing_force}, or {@code none}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        append(out, listen, listenForce, "listen");
        append(out, outgoing, outgoingForce, "outgoing");
        return out.length() == 0 ? "none" : out.toString();
    }

    private static void append(StringBuilder out, Side side, boolean force, String name) {
        if (side == Side.NONE) {
            return;
        }
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(side == Side.IMPLICIT ? "ssl_" : "tls_").append(name).append(force ? "_force" : "");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SslMode)) {
            return false;
        }
        SslMode other = (SslMode) o;
        return listen == other.listen && listenForce == other.listenForce && outgoing == other.outgoing
                && outgoingForce == other.outgoingForce;
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
