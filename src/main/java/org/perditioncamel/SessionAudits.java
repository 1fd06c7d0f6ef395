package org.perditioncamel;

import org.apache.camel.CamelContext;
import org.perditioncamel.log.LogWriter;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.events.SessionEvents;
import org.perditioncamel.metrics.SessionMeters;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.log.LogSettings;

/**
 * Wires the session audit to the event stream (EventsConfiguration's beans). The beans are looked up on first
 * use, so the order in which Camel Main runs the configuration classes does not matter, and kept once found: a
 * registry lookup per event was 1 % of the event loop's time in a login storm.
 */
final class SessionAudits {
    private SessionAudits() {
    }

    /** @param sessions counts open sessions and relayed bytes from the Connect and Close events */
    static SessionAudit create(CamelContext context, LogSettings settings, LogWriter writer, SessionMeters sessions) {
        Bean<PerditionLog> log = new Bean<>(context, "perditionLog", PerditionLog.class);
        Bean<SessionEvents> events = new Bean<>(context, "sessionEvents", SessionEvents.class);
        SessionAudit.LogLines lines = new SessionAudit.LogLines() {
            @Override public void err(String line) { writer.write(l -> log.get().err(l), line); }
            @Override public void info(String line) { writer.write(l -> log.get().info(l), line); }
            @Override public void debug(String line) { writer.write(l -> log.get().debug(l), line); }
        };
        return new SessionAudit(e -> {
            count(sessions, e);
            events.get().publish(e);
        }, lines, settings.mayLogPassword());
    }

    private static void count(SessionMeters sessions, SessionEvent e) {
        if (e.type() == SessionEvent.Type.CONNECT) {
            sessions.opened(e.protocol());
        } else if (e.type() == SessionEvent.Type.CLOSE || e.type() == SessionEvent.Type.CLOSE_NULL) {
            sessions.closed(e.protocol(), e.received(), e.sent());
        }
    }

    /** A bean of the registry, looked up until it is there, then kept. */
    static final class Bean<T> {
        private final CamelContext context;
        private final String name;
        private final Class<T> type;
        private volatile T found;

        Bean(CamelContext context, String name, Class<T> type) {
            this.context = context;
            this.name = name;
            this.type = type;
        }

        T get() {
            T bean = found;
            if (bean == null) {
                bean = context.getRegistry().lookupByNameAndType(name, type);
                found = bean;
            }
            return bean;
        }
    }
}
