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
 * use, so the order in which Camel Main runs the configuration classes does not matter.
 */
final class SessionAudits {
    private SessionAudits() {
    }

    /** @param sessions counts open sessions and relayed bytes from the Connect and Close events */
    static SessionAudit create(CamelContext context, LogSettings settings, LogWriter writer, SessionMeters sessions) {
        SessionAudit.LogLines lines = new SessionAudit.LogLines() {
            @Override public void err(String line) { writer.write(l -> log(context).err(l), line); }
            @Override public void info(String line) { writer.write(l -> log(context).info(l), line); }
            @Override public void debug(String line) { writer.write(l -> log(context).debug(l), line); }
        };
        return new SessionAudit(e -> {
            count(sessions, e);
            events(context).publish(e);
        }, lines, settings.mayLogPassword());
    }

    private static void count(SessionMeters sessions, SessionEvent e) {
        if (e.type() == SessionEvent.Type.CONNECT) {
            sessions.opened(e.protocol());
        } else if (e.type() == SessionEvent.Type.CLOSE || e.type() == SessionEvent.Type.CLOSE_NULL) {
            sessions.closed(e.protocol(), e.received(), e.sent());
        }
    }

    private static PerditionLog log(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class);
    }

    private static SessionEvents events(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("sessionEvents", SessionEvents.class);
    }
}
