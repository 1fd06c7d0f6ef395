package org.perditioncamel.events;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.session.NumericAddress;

/**
 * The JSON body of a JMS event, schema {@link SessionEvent#SCHEMA_VERSION}: every field for every type, null when
 * unknown. It is built field by field from the event and never reads the password, whatever log_passwd says.
 */
public final class EventDocument {
    /** Always milliseconds, as documented: ISO_INSTANT would print nanoseconds, or no fraction at all on .000. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** No separator between root values: a thread's generator writes one document after the other (Renderer). */
    private final JsonFactory factory = new JsonFactory().setRootValueSeparator(null);
    /** One per rendering thread (the events thread, mostly): a new writer and generator per event cost a fifth of it. */
    private final ThreadLocal<Renderer> renderers = ThreadLocal.withInitial(() -> new Renderer(factory));
    private final EventTime times = new EventTime();
    /** Random per process, so ids never repeat across restarts or instances without any state on disk. */
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();

    public EventDocument() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        idPrefix = HexFormat.of().formatHex(random) + "-";
    }

    /** A new event_id: unique per event, for consumers to drop the redeliveries at-least-once delivery may bring. */
    public String nextId() {
        return idPrefix + sequence.incrementAndGet();
    }

    /** The type as it appears in the document: connect, auth, close, close_null. */
    public static String typeName(SessionEvent.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** The document with a fresh event_id. */
    public String toJson(SessionEvent event) {
        return toJson(event, nextId());
    }

    /** Written field by field with Jackson's streaming generator: a map and its serializer cost twice as much. */
    public String toJson(SessionEvent event, String eventId) {
        Renderer renderer = renderers.get();
        StringWriter out = renderer.out;
        out.getBuffer().setLength(0);
        JsonGenerator json = renderer.json;
        boolean done = false;
        try {
            json.writeStartObject();
            json.writeNumberField("schema", SessionEvent.SCHEMA_VERSION);
            json.writeStringField("event_id", eventId);
            json.writeStringField("type", typeName(event.type()));
            json.writeStringField("time", event.time() == null ? null : times.format(event.time()));
            json.writeStringField("session_id", event.sessionId());
            json.writeStringField("protocol", event.protocol() == null ? null : event.protocol().name());
            json.writeStringField("client_ip", ip(event.client()));
            writeNumberOrNull(json, "client_port", port(event.client()));
            json.writeStringField("local_ip", ip(event.local()));
            writeNumberOrNull(json, "local_port", port(event.local()));
            json.writeStringField("client_secure", event.clientSecure());
            json.writeStringField("authorisation_id", event.authorisationId());
            json.writeStringField("authentication_id", event.authenticationId());
            json.writeStringField("server", event.server());
            json.writeStringField("server_secure", event.serverSecure());
            json.writeStringField("status", event.status());
            json.writeNumberField("received", event.received());
            json.writeNumberField("sent", event.sent());
            json.writeEndObject();
            json.flush();
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render event " + event, e);
        } finally {
            if (!done) {
                renderers.remove();   // a document left half-written: the next event starts on a new generator
            }
        }
        return out.toString();
    }

    /** A thread's writer and the generator writing into it, reused from event to event. */
    private static final class Renderer {
        final StringWriter out = new StringWriter(512);
        final JsonGenerator json;

        Renderer(JsonFactory factory) {
            try {
                json = factory.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a JSON generator", e);
            }
        }
    }

    private static void writeNumberOrNull(JsonGenerator json, String name, Integer value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static String ip(InetSocketAddress address) {
        return address == null || address.getAddress() == null ? null : NumericAddress.of(address.getAddress());
    }

    private static Integer port(InetSocketAddress address) {
        return address == null ? null : address.getPort();
    }
}
