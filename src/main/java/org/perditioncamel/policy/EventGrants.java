package org.perditioncamel.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.perditioncamel.log.ThrottledError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of policy-events.camel.yaml: turns the proxy's JSON events (schema 1, docs/events.md) into grants. A
 * successful Auth (the login, and each connect_relog repeat while the session lasts) and the Close of a session
 * that logged in let the client relay for the window from the event's time; an event that arrives late (the
 * consumer was down) counts from when it happened, not from its delivery.
 */
public final class EventGrants {
    private static final Logger LOG = LoggerFactory.getLogger("perdition.policy");

    private final RelayGrants grants;
    private final GrantJournal journal;
    private final ClientNetwork network;
    private final Duration window;
    private final LongSupplier clock;
    private final ObjectMapper json = new ObjectMapper();
    private final ThrottledError unreadable = new ThrottledError(LOG::warn, 60_000);

    public EventGrants(RelayGrants grants, GrantJournal journal, ClientNetwork network, Duration window, LongSupplier clock) {
        this.grants = grants;
        this.journal = journal;
        this.network = network;
        this.window = window;
        this.clock = clock;
    }

    /**
     * An event from the auth topic: a login attempt or a connect_relog repeat; only status "ok" grants. Returns the
     * grant when it changed anything (the SQL access table writes it too), else null.
     */
    public Grant auth(String document) {
        JsonNode event = parse(document);
        if (event != null && "auth".equals(event.path("type").asText()) && "ok".equals(event.path("status").asText())) {
            return grant(event);
        }
        return null;
    }

    /** An event from the close topic: a session that had logged in ("close", not "close_null") was open until now. */
    public Grant close(String document) {
        JsonNode event = parse(document);
        if (event != null && "close".equals(event.path("type").asText())) {
            return grant(event);
        }
        return null;
    }

    private Grant grant(JsonNode event) {
        String ip = event.path("client_ip").asText(null);
        var key = network.keyOf(ip);
        if (key.isEmpty()) {
            unreadable.occurred(n -> "POP-before-SMTP: event " + event.path("event_id").asText() + " has no numeric"
                    + " client_ip; ignored (" + n + " unusable events so far)");
            return null;
        }
        long now = clock.getAsLong();
        long until = Math.min(eventTime(event, now), now) + window.toMillis();
        if (until <= now) {
            return null;
        }
        long previous = grants.until(key.get());
        if (!grants.grant(key.get(), until)) {
            return null;
        }
        try {
            journal.append(key.get(), until, grants);
        } catch (RuntimeException e) {
            // not acknowledged: the redelivered event must find no grant in memory, or it would be acknowledged
            // without a journal line and a restart within the window would forget the grant
            grants.revert(key.get(), until, previous);
            throw e;
        }
        return new Grant(key.get(), until);
    }

    private static long eventTime(JsonNode event, long now) {
        try {
            return Instant.parse(event.path("time").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    private JsonNode parse(String document) {
        try {
            JsonNode event = json.readTree(document == null ? "" : document);
            if (event != null && event.isObject()) {
                return event;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        unreadable.occurred(n -> "POP-before-SMTP: an event that is not a JSON object was ignored (" + n
                + " unusable events so far)");
        return null;
    }
}
