package org.perditioncamel.log;

import java.net.InetSocketAddress;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.session.NumericAddress;

/**
 * Renders a {@link SessionEvent} as perdition 2.2's log message text, byte for byte (perdition/perdition.c,
 * perdition_log_auth and perdition_log_close): the caller decides whether the password may be shown.
 */
public final class PerditionLogFormat {
    private static final String NULL = "(null)";

    private PerditionLogFormat() {
    }

    public static String render(SessionEvent event) {
        return render(event, false);
    }

    /** With {@code withPassword} the Auth line carries {@code passwd="…"} when the event has one. */
    public static String render(SessionEvent event, boolean withPassword) {
        String ft = fromTo(event.client(), event.local());
        switch (event.type()) {
            case CONNECT:
                return "Connect: " + ft;
            case AUTH:
                return "Auth:" + ft
                        + " client-secure=" + safe(event.clientSecure())
                        + " authorisation_id=" + authorisationId(event.authorisationId())
                        + " authentication_id=\"" + safe(event.authenticationId()) + "\""
                        + (withPassword && event.loggablePassword().isPresent()
                                ? " passwd=\"" + event.loggablePassword().get() + "\"" : "")
                        + " server=\"" + safe(event.server()) + "\""
                        + " protocol=" + (event.protocol() == null ? NULL : event.protocol().name())
                        + " server-secure=" + safe(event.serverSecure())
                        + " status=\"" + safe(event.status()) + "\"";
            case CLOSE:
                return "Closing session:" + ft
                        + " authorisation_id=" + authorisationId(event.authorisationId())
                        + " authentication_id=\"" + safe(event.authenticationId()) + "\""
                        + " received=" + event.received() + " sent=" + event.sent();
            case CLOSE_NULL:
                return "Closing NULL session:" + ft
                        + " authorisation_id=" + authorisationId(event.authorisationId())
                        + " authentication_id=\"" + safe(event.authenticationId()) + "\"";
            default:
                throw new IllegalArgumentException("unknown event type " + event.type());
        }
    }

    /**
     * perdition's from_to_host_str: " src:port->dst:port" with its leading space, or "" when either side is
     * unknown; that space is why "Connect:  " has two.
     */
    static String fromTo(InetSocketAddress client, InetSocketAddress local) {
        String from = hostPort(client);
        String to = hostPort(local);
        return from == null || to == null ? "" : " " + from + "->" + to;
    }

    static String hostPort(InetSocketAddress address) {
        String text = NumericAddress.hostPort(address);
        return text.isEmpty() ? null : text;
    }

    private static String authorisationId(String id) {
        return id == null ? "NONE" : "\"" + id + "\"";
    }

    private static String safe(String value) {
        return value == null ? NULL : value;
    }
}
