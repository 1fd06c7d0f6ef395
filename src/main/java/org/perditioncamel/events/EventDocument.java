package org.perditioncamel.events;

import java.net.InetSocketAddress;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.session.NumericAddress;

/**
 * The JSON body of a JMS event, schema {@link SessionEvent#SCHEMA_VERSION}: every field for every type, null when
 * unknown. It is built field by field from the event and never reads the password, whatever log_passwd says.
 */
public final class EventDocument {
    private final ObjectMapper mapper = new ObjectMapper();

    /** The type as it appears in the document and in outbox file names: connect, auth, close, close_null. */
    public static String typeName(SessionEvent.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    public Map<String, Object> fields(SessionEvent event) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SessionEvent.SCHEMA_VERSION);
        doc.put("type", typeName(event.type()));
        doc.put("time", event.time() == null ? null : DateTimeFormatter.ISO_INSTANT.format(event.time()));
        doc.put("session_id", event.sessionId());
        doc.put("protocol", event.protocol() == null ? null : event.protocol().name());
        doc.put("client_ip", ip(event.client()));
        doc.put("client_port", port(event.client()));
        doc.put("local_ip", ip(event.local()));
        doc.put("local_port", port(event.local()));
        doc.put("client_secure", event.clientSecure());
        doc.put("authorisation_id", event.authorisationId());
        doc.put("authentication_id", event.authenticationId());
        doc.put("server", event.server());
        doc.put("server_secure", event.serverSecure());
        doc.put("status", event.status());
        doc.put("received", event.received());
        doc.put("sent", event.sent());
        return doc;
    }

    public String toJson(SessionEvent event) {
        try {
            return mapper.writeValueAsString(fields(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render event " + event, e);
        }
    }

    private static String ip(InetSocketAddress address) {
        return address == null || address.getAddress() == null ? null : NumericAddress.of(address.getAddress());
    }

    private static Integer port(InetSocketAddress address) {
        return address == null ? null : address.getPort();
    }
}
